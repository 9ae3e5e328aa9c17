package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.create.table.ColDataType;

/** Type names as written in SQL (CAST targets, {@code ::}), read as CREATE TABLE reads them. */
public final class TypeNames {
    /** PostgreSQL's limits on type modifiers. */
    static final int NUMERIC_PRECISION_MAX = 1000;
    static final int CHAR_LENGTH_MAX = 10_485_760;

    private TypeNames() {
    }

    /** The type {@code t} names; 42704 for a type Basalt does not have. */
    public static SqlType of(ColDataType t) {
        if (t.getArrayData() != null && !t.getArrayData().isEmpty()) {
            throw SqlErrors.notSupportedPlural("array types");
        }
        if (t.getIntervalQualifier() != null) {
            // interval day, interval hour to minute: fields that would restrict the values.
            throw SqlErrors.notSupportedPlural("interval field qualifiers");
        }
        String raw = t.getDataType();
        List<String> args = new ArrayList<>();
        int paren = raw.indexOf('(');
        if (paren >= 0) {
            for (String a : raw.substring(paren + 1, raw.lastIndexOf(')')).split(",")) {
                args.add(a.strip());
            }
            raw = raw.substring(0, paren);
        } else if (t.getArgumentsStringList() != null) {
            args.addAll(t.getArgumentsStringList());
        }
        return of(normalise(raw), args);
    }

    /** The type called {@code name} (lower case, single spaces) with modifiers {@code args}. */
    public static SqlType of(String name, List<String> args) {
        return switch (name) {
            case "int", "integer", "int4" -> plain(TypeKind.INT4, name, args);
            case "bigint", "int8" -> plain(TypeKind.INT8, name, args);
            case "smallint", "int2" -> plain(TypeKind.INT2, name, args);
            case "numeric", "decimal", "dec" -> numeric(args);
            case "real", "float4" -> plain(TypeKind.FLOAT4, name, args);
            case "float8", "double precision" -> plain(TypeKind.FLOAT8, name, args);
            case "float" -> floatType(args);
            case "text" -> plain(TypeKind.TEXT, name, args);
            case "varchar", "character varying", "char varying" -> args.isEmpty() ? SqlType.VARCHAR
                    : SqlType.varchar(length(args, name));
            case "char", "character", "bpchar" -> args.isEmpty()
                    ? (name.equals("bpchar") ? SqlType.of(TypeKind.BPCHAR) : SqlType.bpchar(1))
                    : SqlType.bpchar(length(args, name));
            case "boolean", "bool" -> plain(TypeKind.BOOL, name, args);
            case "bytea" -> plain(TypeKind.BYTEA, name, args);
            case "date" -> plain(TypeKind.DATE, name, args);
            case "timestamp", "timestamp without time zone" -> plain(TypeKind.TIMESTAMP, name, args);
            case "timestamptz", "timestamp with time zone" -> plain(TypeKind.TIMESTAMPTZ, name, args);
            case "uuid" -> plain(TypeKind.UUID, name, args);
            case "interval" -> {
                if (!args.isEmpty()) {
                    throw SqlErrors.notSupported("interval precision");
                }
                yield SqlType.INTERVAL;
            }
            default -> {
                if (name.startsWith("interval ")) {
                    // interval day, interval hour to minute: fields that would restrict the values.
                    throw SqlErrors.notSupportedPlural("interval field qualifiers");
                }
                throw new SqlException("42704", "type \"" + name + "\" does not exist");
            }
        };
    }

    /** The internal name PostgreSQL uses for a cast's output column ({@code 1::integer} is "int4"). */
    public static String internalName(TypeKind kind) {
        return switch (kind) {
            case BOOL -> "bool";
            case INT2 -> "int2";
            case INT4 -> "int4";
            case INT8 -> "int8";
            case NUMERIC -> "numeric";
            case FLOAT4 -> "float4";
            case FLOAT8 -> "float8";
            case TEXT -> "text";
            case VARCHAR -> "varchar";
            case BPCHAR -> "bpchar";
            case BYTEA -> "bytea";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case UUID -> "uuid";
            case INTERVAL -> "interval";
            case UNKNOWN -> "unknown";
        };
    }

    private static String normalise(String raw) {
        String s = raw.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("pg_catalog.")) {
            s = s.substring("pg_catalog.".length());
        }
        return s;
    }

    private static SqlType plain(TypeKind kind, String name, List<String> args) {
        if (!args.isEmpty()) {
            throw new SqlException("42601", "type modifier is not allowed for type \"" + name + "\"");
        }
        return SqlType.of(kind);
    }

    private static SqlType numeric(List<String> args) {
        if (args.isEmpty()) {
            return SqlType.NUMERIC;
        }
        int p = integer(args.get(0));
        int s = args.size() > 1 ? integer(args.get(1)) : 0;
        if (args.size() > 2) {
            throw new SqlException("22023", "invalid NUMERIC type modifier");
        }
        if (p < 1 || p > NUMERIC_PRECISION_MAX) {
            throw new SqlException("22023",
                    "NUMERIC precision " + p + " must be between 1 and " + NUMERIC_PRECISION_MAX);
        }
        if (s < 0 || s > p) {
            throw new SqlException("22023", "NUMERIC scale " + s + " must be between 0 and precision " + p);
        }
        return SqlType.numeric(p, s);
    }

    private static SqlType floatType(List<String> args) {
        if (args.isEmpty()) {
            return SqlType.FLOAT8;
        }
        int p = integer(args.get(0));
        if (p < 1) {
            throw new SqlException("22023", "precision for type float must be at least 1 bit");
        }
        if (p > 53) {
            throw new SqlException("22023", "precision for type float must be less than 54 bits");
        }
        return p <= 24 ? SqlType.FLOAT4 : SqlType.FLOAT8;
    }

    private static int length(List<String> args, String name) {
        if (args.size() != 1) {
            throw new SqlException("42601", "invalid type modifier for type \"" + name + "\"");
        }
        int n = integer(args.get(0));
        if (n < 1) {
            throw new SqlException("22023", "length for type " + name + " must be at least 1");
        }
        if (n > CHAR_LENGTH_MAX) {
            throw new SqlException("22023", "length for type " + name + " cannot exceed " + CHAR_LENGTH_MAX);
        }
        return n;
    }

    private static int integer(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new SqlException("42601", "type modifiers must be simple constants or identifiers");
        }
    }
}
