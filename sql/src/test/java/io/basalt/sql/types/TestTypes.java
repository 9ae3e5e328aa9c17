package io.basalt.sql.types;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the short PostgreSQL type names the example tables use: int4, numeric(5,2), varchar(3), char(4)... */
final class TestTypes {
    private static final Pattern NAME = Pattern.compile("([a-z0-9]+)(?:\\((\\d+)(?:,(\\d+))?\\))?");

    private TestTypes() {
    }

    static SqlType parse(String name) {
        Matcher m = NAME.matcher(name.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown type name " + name);
        }
        Integer a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        Integer b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        return switch (m.group(1)) {
            case "bool" -> SqlType.BOOL;
            case "int2" -> SqlType.INT2;
            case "int4" -> SqlType.INT4;
            case "int8" -> SqlType.INT8;
            case "numeric" -> a == null ? SqlType.NUMERIC : SqlType.numeric(a, b == null ? 0 : b);
            case "float4" -> SqlType.FLOAT4;
            case "float8" -> SqlType.FLOAT8;
            case "text" -> SqlType.TEXT;
            case "varchar" -> a == null ? SqlType.VARCHAR : SqlType.varchar(a);
            case "char", "bpchar" -> a == null ? SqlType.of(TypeKind.BPCHAR) : SqlType.bpchar(a);
            case "bytea" -> SqlType.BYTEA;
            case "date" -> SqlType.DATE;
            case "timestamp" -> SqlType.TIMESTAMP;
            case "timestamptz" -> SqlType.TIMESTAMPTZ;
            case "uuid" -> SqlType.UUID;
            case "interval" -> SqlType.INTERVAL;
            case "unknown" -> SqlType.UNKNOWN;
            default -> throw new IllegalArgumentException("unknown type name " + name);
        };
    }
}
