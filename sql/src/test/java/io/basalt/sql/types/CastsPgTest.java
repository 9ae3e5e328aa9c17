package io.basalt.sql.types;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Casts against PostgreSQL 15. Each row is (explicit or assignment, source type, source
 * literal, target type, session TimeZone, outcome). PostgreSQL ran explicit rows as
 * {@code CAST(CAST(literal AS source) AS target)} and assignment rows as an INSERT of
 * {@code CAST(literal AS source)} (or the bare literal for unknown) into a target-typed column.
 */
class CastsPgTest {
    static List<PgCase> cases() {
        return List.of(
            err("explicit", "int4", "70000", "int2", "UTC", "22003", "smallint out of range"),
            ok("explicit", "int4", "-32768", "int2", "UTC", "-32768"),
            err("explicit", "int8", "3000000000", "int4", "UTC", "22003", "integer out of range"),
            ok("explicit", "int8", "-2147483648", "int4", "UTC", "-2147483648"),
            ok("explicit", "int4", "5", "int8", "UTC", "5"),
            ok("explicit", "float8", "2.5", "int4", "UTC", "2"),
            ok("explicit", "float8", "3.5", "int4", "UTC", "4"),
            ok("explicit", "float8", "-2.5", "int4", "UTC", "-2"),
            ok("explicit", "float8", "-3.5", "int4", "UTC", "-4"),
            ok("explicit", "float4", "2.5", "int2", "UTC", "2"),
            err("explicit", "float8", "1e10", "int4", "UTC", "22003", "integer out of range"),
            err("explicit", "float8", "NaN", "int4", "UTC", "22003", "integer out of range"),
            err("explicit", "float8", "NaN", "int8", "UTC", "22003", "bigint out of range"),
            err("explicit", "float8", "9.2233720368547758e18", "int8", "UTC", "22003", "bigint out of range"),
            ok("explicit", "float8", "-9.2233720368547758e18", "int8", "UTC", "-9223372036854775808"),
            ok("explicit", "float8", "32767.4", "int2", "UTC", "32767"),
            err("explicit", "float8", "32767.5", "int2", "UTC", "22003", "smallint out of range"),
            err("explicit", "float4", "Infinity", "int4", "UTC", "22003", "integer out of range"),
            ok("explicit", "numeric", "2.5", "int4", "UTC", "3"),
            ok("explicit", "numeric", "-2.5", "int4", "UTC", "-3"),
            err("explicit", "numeric", "1e10", "int4", "UTC", "22003", "integer out of range"),
            err("explicit", "numeric", "32767.5", "int2", "UTC", "22003", "smallint out of range"),
            ok("explicit", "numeric", "9223372036854775807.4", "int8", "UTC", "9223372036854775807"),
            err("explicit", "numeric", "9223372036854775807.5", "int8", "UTC", "22003", "bigint out of range"),
            ok("explicit", "float8", "0.1", "numeric", "UTC", "0.1"),
            ok("explicit", "float8", "1e20", "numeric", "UTC", "100000000000000000000"),
            ok("explicit", "float4", "0.1", "numeric", "UTC", "0.1"),
            ok("explicit", "float8", "1.0000000000000002", "numeric", "UTC", "1"),
            ok("explicit", "float4", "123456789.123", "numeric", "UTC", "123457000"),
            ok("explicit", "float8", "123456789.123456789", "numeric", "UTC", "123456789.123457"),
            ok("explicit", "float8", "-0", "numeric", "UTC", "0"),
            ok("explicit", "float8", "1.5e-10", "numeric", "UTC", "0.00000000015"),
            ok("explicit", "float8", "2.5", "numeric(5,0)", "UTC", "3"),
            ok("explicit", "float8", "1e-320", "numeric", "UTC", "0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000999988867182683"),
            err("explicit", "numeric", "1e400", "float8", "UTC", "22003", "\"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\" is out of range for type double precision"),
            ok("explicit", "numeric", "1.5", "float8", "UTC", "1.5"),
            ok("explicit", "numeric", "0.1", "float4", "UTC", "0.1"),
            err("explicit", "numeric", "1e39", "float4", "UTC", "22003", "\"1000000000000000000000000000000000000000\" is out of range for type real"),
            ok("explicit", "numeric", "123.456", "numeric(5,2)", "UTC", "123.46"),
            err("explicit", "numeric", "1234.5", "numeric(5,2)", "UTC", "22003", "numeric field overflow"),
            ok("explicit", "numeric", "12.345", "numeric(4,2)", "UTC", "12.35"),
            ok("explicit", "numeric", "-0.005", "numeric(3,2)", "UTC", "-0.01"),
            err("explicit", "float8", "1e300", "float4", "UTC", "22003", "value out of range: overflow"),
            err("explicit", "float8", "1e-300", "float4", "UTC", "22003", "value out of range: underflow"),
            ok("explicit", "float8", "0.1", "float4", "UTC", "0.1"),
            ok("explicit", "float4", "0.1", "float8", "UTC", "0.10000000149011612"),
            ok("explicit", "float8", "Infinity", "float4", "UTC", "Infinity"),
            ok("explicit", "int4", "16777217", "float4", "UTC", "1.6777216e+07"),
            ok("explicit", "int8", "9007199254740993", "float8", "UTC", "9.007199254740992e+15"),
            ok("explicit", "int8", "9223372036854775807", "float4", "UTC", "9.223372e+18"),
            ok("explicit", "bool", "true", "int4", "UTC", "1"),
            ok("explicit", "bool", "false", "int4", "UTC", "0"),
            ok("explicit", "int4", "5", "bool", "UTC", "t"),
            ok("explicit", "int4", "0", "bool", "UTC", "f"),
            ok("explicit", "int4", "-1", "bool", "UTC", "t"),
            ok("explicit", "char(4)", "ab", "text", "UTC", "ab"),
            ok("explicit", "char(4)", "ab", "varchar", "UTC", "ab"),
            ok("explicit", "text", "abcd", "char(2)", "UTC", "ab"),
            ok("explicit", "text", "ab", "char(4)", "UTC", "ab  "),
            ok("explicit", "text", "abcd", "varchar(2)", "UTC", "ab"),
            ok("explicit", "varchar", "ab   ", "varchar(3)", "UTC", "ab "),
            ok("explicit", "text", "日本語", "varchar(2)", "UTC", "日本"),
            ok("explicit", "char(5)", "ab", "char(3)", "UTC", "ab "),
            ok("explicit", "int4", "42", "text", "UTC", "42"),
            ok("explicit", "float8", "1.5", "text", "UTC", "1.5"),
            ok("explicit", "float4", "0.1", "text", "UTC", "0.1"),
            ok("explicit", "numeric", "1.50", "text", "UTC", "1.50"),
            ok("explicit", "bool", "true", "text", "UTC", "true"),
            ok("explicit", "bool", "false", "varchar", "UTC", "false"),
            ok("explicit", "bytea", "\\x01", "text", "UTC", "\\x01"),
            ok("explicit", "date", "2024-01-31", "text", "UTC", "2024-01-31"),
            ok("explicit", "timestamp", "2024-01-31 13:45:00.5", "text", "UTC", "2024-01-31 13:45:00.5"),
            ok("explicit", "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "text", "UTC", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            ok("explicit", "int4", "12345", "varchar(3)", "UTC", "123"),
            ok("explicit", "int4", "12345", "char(3)", "UTC", "123"),
            ok("explicit", "text", "12", "int4", "UTC", "12"),
            ok("explicit", "text", " 12 ", "int4", "UTC", "12"),
            err("explicit", "text", "abc", "int4", "UTC", "22P02", "invalid input syntax for type integer: \"abc\""),
            ok("explicit", "text", "1.5", "numeric(3,1)", "UTC", "1.5"),
            ok("explicit", "text", "yes", "bool", "UTC", "t"),
            ok("explicit", "varchar", "2024-01-31", "date", "UTC", "2024-01-31"),
            ok("explicit", "text", "\\x0a", "bytea", "UTC", "\\x0a"),
            ok("explicit", "char(10)", "42", "int4", "UTC", "42"),
            err("explicit", "text", "1e400", "float8", "UTC", "22003", "\"1e400\" is out of range for type double precision"),
            ok("explicit", "timestamp", "2024-01-31 13:45:00", "date", "UTC", "2024-01-31"),
            ok("explicit", "timestamp", "2024-01-31 13:45:00", "timestamptz", "UTC", "2024-01-31 13:45:00+00"),
            ok("explicit", "date", "2024-01-31", "timestamp", "UTC", "2024-01-31 00:00:00"),
            ok("explicit", "date", "2024-01-31", "timestamptz", "UTC", "2024-01-31 00:00:00+00"),
            ok("explicit", "timestamptz", "2024-01-31 13:45:00+00", "date", "UTC", "2024-01-31"),
            ok("explicit", "timestamptz", "2024-01-31 13:45:00+00", "timestamp", "UTC", "2024-01-31 13:45:00"),
            err("explicit", "date", "5874897-12-31", "timestamp", "UTC", "22008", "date out of range for timestamp"),
            ok("explicit", "timestamp", "2024-01-31 13:45:00", "timestamptz", "Asia/Kolkata", "2024-01-31 13:45:00+05:30"),
            ok("explicit", "timestamptz", "2024-01-31 23:45:00+00", "date", "Asia/Kolkata", "2024-02-01"),
            ok("explicit", "timestamptz", "2024-01-31 23:45:00+00", "timestamp", "Asia/Kolkata", "2024-02-01 05:15:00"),
            ok("explicit", "date", "2024-01-31", "timestamptz", "America/New_York", "2024-01-31 00:00:00-05"),
            ok("explicit", "timestamp", "2024-11-03 01:30", "timestamptz", "America/New_York", "2024-11-03 01:30:00-05"),
            ok("explicit", "timestamp", "2024-03-10 02:30", "timestamptz", "America/New_York", "2024-03-10 03:30:00-04"),
            ok("explicit", "timestamptz", "2024-01-31 13:45:00+00", "text", "America/New_York", "2024-01-31 08:45:00-05"),
            err("explicit", "bool", "true", "int8", "UTC", "42846", "cannot cast type boolean to bigint"),
            err("explicit", "int4", "1", "bytea", "UTC", "42846", "cannot cast type integer to bytea"),
            err("explicit", "date", "2024-01-31", "int4", "UTC", "42846", "cannot cast type date to integer"),
            err("explicit", "int4", "1", "date", "UTC", "42846", "cannot cast type integer to date"),
            err("explicit", "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "bytea", "UTC", "42846", "cannot cast type uuid to bytea"),
            err("explicit", "float8", "1", "bool", "UTC", "42846", "cannot cast type double precision to boolean"),
            err("explicit", "numeric", "1", "bool", "UTC", "42846", "cannot cast type numeric to boolean"),
            err("explicit", "int2", "1", "bool", "UTC", "42846", "cannot cast type smallint to boolean"),
            err("explicit", "timestamp", "2024-01-31", "uuid", "UTC", "42846", "cannot cast type timestamp without time zone to uuid"),
            err("explicit", "bytea", "\\x01", "uuid", "UTC", "42846", "cannot cast type bytea to uuid"),
            err("assignment", "text", "abcd", "varchar(3)", "UTC", "22001", "value too long for type character varying(3)"),
            ok("assignment", "text", "abc  ", "varchar(3)", "UTC", "abc"),
            err("assignment", "text", "abcde", "char(4)", "UTC", "22001", "value too long for type character(4)"),
            ok("assignment", "text", "ab", "char(4)", "UTC", "ab  "),
            err("assignment", "int4", "70000", "int2", "UTC", "22003", "smallint out of range"),
            ok("assignment", "numeric", "123.456", "numeric(5,2)", "UTC", "123.46"),
            err("assignment", "numeric", "1234.5", "numeric(5,2)", "UTC", "22003", "numeric field overflow"),
            ok("assignment", "float8", "2.5", "int4", "UTC", "2"),
            err("assignment", "int4", "12345", "varchar(3)", "UTC", "22001", "value too long for type character varying(3)"),
            ok("assignment", "int4", "123", "varchar(3)", "UTC", "123"),
            ok("assignment", "timestamp", "2024-01-31 13:45:00", "date", "UTC", "2024-01-31"),
            err("assignment", "unknown", "abcd", "varchar(3)", "UTC", "22001", "value too long for type character varying(3)"),
            ok("assignment", "unknown", "42", "int4", "UTC", "42"));
    }

    private static PgCase ok(String context, String from, String literal, String to, String zone, String output) {
        return PgCase.ok(String.join("\t", context, from, literal, to, zone), output);
    }

    private static PgCase err(String context, String from, String literal, String to, String zone, String sqlState, String message) {
        return PgCase.err(String.join("\t", context, from, literal, to, zone), sqlState, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void castsMatchPostgres(PgCase c) {
        String[] p = c.description().split("\t", -1);
        SqlType from = TestTypes.parse(p[1]);
        SqlType to = TestTypes.parse(p[3]);
        ZoneId zone = ZoneId.of(p[4]);
        Object value = TextCodec.parse(p[2], from, zone);
        c.check(() -> TextCodec.format(p[0].equals("explicit")
                ? Casts.cast(value, from, to, zone)
                : Casts.castForAssignment(value, from, to, zone), to, zone));
    }
}
