package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;

/**
 * The user-visible errors of value input, casts and operators, worded and coded as
 * PostgreSQL words and codes them, so that clients and tests written against PostgreSQL
 * see the same SQLSTATE and message.
 */
final class TypeErrors {
    static final String INVALID_TEXT_REPRESENTATION = "22P02";
    static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";
    static final String STRING_DATA_RIGHT_TRUNCATION = "22001";
    static final String INVALID_DATETIME_FORMAT = "22007";
    static final String DATETIME_FIELD_OVERFLOW = "22008";
    static final String INVALID_TIME_ZONE_DISPLACEMENT = "22009";
    static final String INVALID_PARAMETER_VALUE = "22023";
    static final String DIVISION_BY_ZERO = "22012";
    static final String INVALID_BINARY_REPRESENTATION = "22P03";
    static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    static final String CANNOT_COERCE = "42846";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String DATA_CORRUPTED = "XX001";

    private TypeErrors() {
    }

    static SqlException invalidSyntax(String typeName, String text) {
        return new SqlException(INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }

    static SqlException valueOutOfRange(String typeName, String text) {
        return new SqlException(NUMERIC_VALUE_OUT_OF_RANGE,
                "value \"" + text + "\" is out of range for type " + typeName);
    }

    /** "smallint out of range", "integer out of range", "bigint out of range". */
    static SqlException outOfRange(String typeName) {
        return new SqlException(NUMERIC_VALUE_OUT_OF_RANGE, typeName + " out of range");
    }

    static SqlException tooLong(SqlType type) {
        return new SqlException(STRING_DATA_RIGHT_TRUNCATION, "value too long for type " + type.sqlName());
    }

    static SqlException divisionByZero() {
        return new SqlException(DIVISION_BY_ZERO, "division by zero");
    }

    static SqlException binaryFormat() {
        return new SqlException(INVALID_BINARY_REPRESENTATION, "incorrect binary data format");
    }

    static SqlException cannotCast(SqlType from, SqlType to) {
        return new SqlException(CANNOT_COERCE, "cannot cast type " + from.kind().sqlName() + " to " + to.kind().sqlName());
    }

    static SqlException corrupted(String what) {
        return new SqlException(DATA_CORRUPTED, "data_corrupted: " + what);
    }
}
