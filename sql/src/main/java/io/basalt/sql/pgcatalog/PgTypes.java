package io.basalt.sql.pgcatalog;

import io.basalt.sql.expr.TypeNames;
import io.basalt.sql.types.TypeKind;

/** What pg_type says about each of Basalt's types, as PostgreSQL 15's pg_type has it. */
final class PgTypes {
    private PgTypes() {
    }

    /** typname: the internal name ({@code int4}, {@code varchar}, {@code timestamptz}). */
    static String name(TypeKind k) {
        return TypeNames.internalName(k);
    }

    static String category(TypeKind k) {
        return switch (k) {
            case BOOL -> "B";
            case INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8 -> "N";
            case TEXT, VARCHAR, BPCHAR -> "S";
            case BYTEA, UUID -> "U";
            case DATE, TIMESTAMP, TIMESTAMPTZ -> "D";
            case INTERVAL -> "T";
            case UNKNOWN -> "X";
        };
    }

    static boolean preferred(TypeKind k) {
        return k == TypeKind.BOOL || k == TypeKind.FLOAT8 || k == TypeKind.TEXT || k == TypeKind.TIMESTAMPTZ
                || k == TypeKind.INTERVAL;
    }

    static boolean byValue(TypeKind k) {
        return switch (k) {
            case BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, DATE, TIMESTAMP, TIMESTAMPTZ -> true;
            default -> false;
        };
    }

    static String align(TypeKind k) {
        return switch (k) {
            case BOOL, UUID, UNKNOWN -> "c";
            case INT2 -> "s";
            case INT8, FLOAT8, TIMESTAMP, TIMESTAMPTZ, INTERVAL -> "d";
            default -> "i";
        };
    }

    static String storage(TypeKind k) {
        return switch (k) {
            case NUMERIC -> "m";
            case TEXT, VARCHAR, BPCHAR, BYTEA -> "x";
            default -> "p";
        };
    }

    /** The OID of the type's array type (typarray), as in PostgreSQL. */
    static long arrayOid(TypeKind k) {
        return switch (k) {
            case BOOL -> 1000;
            case INT2 -> 1005;
            case INT4 -> 1007;
            case INT8 -> 1016;
            case NUMERIC -> 1231;
            case FLOAT4 -> 1021;
            case FLOAT8 -> 1022;
            case TEXT -> 1009;
            case VARCHAR -> 1015;
            case BPCHAR -> 1014;
            case BYTEA -> 1001;
            case DATE -> 1182;
            case TIMESTAMP -> 1115;
            case TIMESTAMPTZ -> 1185;
            case UUID -> 2951;
            case INTERVAL -> 1187;
            case UNKNOWN -> 0;
        };
    }
}
