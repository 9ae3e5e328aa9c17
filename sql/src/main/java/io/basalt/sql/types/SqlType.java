package io.basalt.sql.types;

/**
 * A SQL type with its modifiers: {@code length} for VARCHAR(n) and CHAR(n), {@code precision}
 * and {@code scale} for NUMERIC(p,s). A modifier that was not given is -1 (VARCHAR without a
 * length, NUMERIC without precision), exactly as PostgreSQL's typmod -1. A TEXT type with a
 * negative scale below -1 is text marked by the expression layer (a regclass, an array and its
 * element kind: {@code io.basalt.sql.expr.CatalogFunctions#REGCLASS},
 * {@code io.basalt.sql.expr.ArrayExprs}); its values are strings like any text.
 */
public record SqlType(TypeKind kind, int length, int precision, int scale) {
    public static final SqlType BOOL = of(TypeKind.BOOL);
    public static final SqlType INT2 = of(TypeKind.INT2);
    public static final SqlType INT4 = of(TypeKind.INT4);
    public static final SqlType INT8 = of(TypeKind.INT8);
    public static final SqlType NUMERIC = of(TypeKind.NUMERIC);
    public static final SqlType FLOAT4 = of(TypeKind.FLOAT4);
    public static final SqlType FLOAT8 = of(TypeKind.FLOAT8);
    public static final SqlType TEXT = of(TypeKind.TEXT);
    public static final SqlType VARCHAR = of(TypeKind.VARCHAR);
    public static final SqlType BYTEA = of(TypeKind.BYTEA);
    public static final SqlType DATE = of(TypeKind.DATE);
    public static final SqlType TIMESTAMP = of(TypeKind.TIMESTAMP);
    public static final SqlType TIMESTAMPTZ = of(TypeKind.TIMESTAMPTZ);
    public static final SqlType UUID = of(TypeKind.UUID);
    public static final SqlType INTERVAL = of(TypeKind.INTERVAL);
    public static final SqlType UNKNOWN = of(TypeKind.UNKNOWN);

    public SqlType {
        if (kind == null) {
            throw new IllegalArgumentException("a SQL type needs a kind");
        }
    }

    public static SqlType of(TypeKind kind) {
        return new SqlType(kind, -1, -1, -1);
    }

    public static SqlType varchar(int length) {
        return new SqlType(TypeKind.VARCHAR, length, -1, -1);
    }

    public static SqlType bpchar(int length) {
        return new SqlType(TypeKind.BPCHAR, length, -1, -1);
    }

    public static SqlType numeric(int precision, int scale) {
        return new SqlType(TypeKind.NUMERIC, -1, precision, scale);
    }

    public int oid() {
        return kind.oid();
    }

    /** PostgreSQL's atttypmod as RowDescription reports it. */
    public int typmod() {
        return switch (kind) {
            case VARCHAR, BPCHAR -> length < 0 ? -1 : length + 4;
            case NUMERIC -> precision < 0 ? -1 : ((precision << 16) | Math.max(scale, 0)) + 4;
            default -> -1;
        };
    }

    /** The type as PostgreSQL's format_type prints it, e.g. {@code character varying(20)}, {@code numeric(10,2)}. */
    public String sqlName() {
        return switch (kind) {
            case VARCHAR, BPCHAR -> length < 0 ? kind.sqlName() : kind.sqlName() + "(" + length + ")";
            case NUMERIC -> precision < 0 ? kind.sqlName() : kind.sqlName() + "(" + precision + "," + Math.max(scale, 0) + ")";
            default -> kind.sqlName();
        };
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
