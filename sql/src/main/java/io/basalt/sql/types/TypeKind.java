package io.basalt.sql.types;

/**
 * The SQL types Basalt stores, with their PostgreSQL type OID, the binary length a client
 * sees in RowDescription (-1: variable) and the Java class that carries a value of the type
 * inside the engine. SQL NULL is Java {@code null} for every type.
 *
 * <p>Value classes: BOOL Boolean, INT2 Short, INT4 Integer, INT8 Long, NUMERIC BigDecimal,
 * FLOAT4 Float, FLOAT8 Double, TEXT/VARCHAR/BPCHAR/UNKNOWN String, BYTEA byte[], DATE
 * LocalDate, TIMESTAMP LocalDateTime (no zone), TIMESTAMPTZ Instant (shown in the session's
 * TimeZone), UUID java.util.UUID, INTERVAL {@link Interval}. UNKNOWN is the type of an untyped string literal until
 * context gives it one, as in PostgreSQL.
 */
public enum TypeKind {
    BOOL(16, 1, Boolean.class, "boolean"),
    INT2(21, 2, Short.class, "smallint"),
    INT4(23, 4, Integer.class, "integer"),
    INT8(20, 8, Long.class, "bigint"),
    NUMERIC(1700, -1, java.math.BigDecimal.class, "numeric"),
    FLOAT4(700, 4, Float.class, "real"),
    FLOAT8(701, 8, Double.class, "double precision"),
    TEXT(25, -1, String.class, "text"),
    VARCHAR(1043, -1, String.class, "character varying"),
    BPCHAR(1042, -1, String.class, "character"),
    BYTEA(17, -1, byte[].class, "bytea"),
    DATE(1082, 4, java.time.LocalDate.class, "date"),
    TIMESTAMP(1114, 8, java.time.LocalDateTime.class, "timestamp without time zone"),
    TIMESTAMPTZ(1184, 8, java.time.Instant.class, "timestamp with time zone"),
    UUID(2950, 16, java.util.UUID.class, "uuid"),
    INTERVAL(1186, 16, Interval.class, "interval"),
    UNKNOWN(705, -2, String.class, "unknown");

    private final int oid;
    private final int binaryLength;
    private final Class<?> javaClass;
    private final String sqlName;

    TypeKind(int oid, int binaryLength, Class<?> javaClass, String sqlName) {
        this.oid = oid;
        this.binaryLength = binaryLength;
        this.javaClass = javaClass;
        this.sqlName = sqlName;
    }

    /** PostgreSQL's OID for the type (pg_type.oid). */
    public int oid() {
        return oid;
    }

    /** pg_type.typlen: bytes of the binary form, -1 variable length, -2 C string. */
    public int binaryLength() {
        return binaryLength;
    }

    public Class<?> javaClass() {
        return javaClass;
    }

    /** The name PostgreSQL prints for the type (format_type without modifiers). */
    public String sqlName() {
        return sqlName;
    }

    public boolean isInteger() {
        return this == INT2 || this == INT4 || this == INT8;
    }

    public boolean isNumeric() {
        return isInteger() || this == NUMERIC || this == FLOAT4 || this == FLOAT8;
    }

    public boolean isString() {
        return this == TEXT || this == VARCHAR || this == BPCHAR || this == UNKNOWN;
    }

    /** The kind with PostgreSQL OID {@code oid}, or null if Basalt has no such type. */
    public static TypeKind ofOid(int oid) {
        for (TypeKind k : values()) {
            if (k.oid == oid) {
                return k;
            }
        }
        return null;
    }
}
