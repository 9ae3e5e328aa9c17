package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The arithmetic operators {@code + - * / %}, unary minus and {@code ||} on values, with the
 * result types PostgreSQL's operator resolution picks:
 *
 * <ul>
 * <li>integers: the wider operand (smallint + smallint is smallint, smallint + integer is
 *     integer, anything with bigint is bigint); {@code /} truncates toward zero;</li>
 * <li>an integer or numeric with numeric: numeric;</li>
 * <li>real with real: real; any other combination with a float: double precision; there is
 *     no {@code %} for floats (42883);</li>
 * <li>date + integer and integer + date: date; date - integer: date; date - date: integer
 *     (days);</li>
 * <li>interval and timestamp arithmetic: {@link IntervalArithmetic};</li>
 * <li>{@code ||}: bytea || bytea is bytea; otherwise, when either side is a string, text, the
 *     other side in its text form (character(n) without its padding).</li>
 * </ul>
 *
 * Operators are strict: a NULL operand gives NULL. Errors are PostgreSQL's: 22003 on overflow,
 * 22012 on division by zero, 22008 when a date leaves the supported range.
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** The type of {@code l op r}, or 42883 "operator does not exist". */
    public static SqlType resultType(String op, SqlType l, SqlType r) {
        TypeKind a = l.kind();
        TypeKind b = r.kind();
        if (op.equals("||")) {
            if (a == TypeKind.BYTEA && b == TypeKind.BYTEA) {
                return SqlType.BYTEA;
            }
            if (a.isString() || b.isString()) {
                return SqlType.TEXT;
            }
            throw noOperator(op, l, r);
        }
        if (!op.equals("+") && !op.equals("-") && !op.equals("*") && !op.equals("/") && !op.equals("%")) {
            throw noOperator(op, l, r);
        }
        SqlType interval = IntervalArithmetic.resultType(op, a, b);
        if (interval != null) {
            return interval;
        }
        if (a == TypeKind.INTERVAL || b == TypeKind.INTERVAL) {
            throw noOperator(op, l, r);
        }
        if (a == TypeKind.DATE || b == TypeKind.DATE) {
            return dateResultType(op, l, r);
        }
        if (!a.isNumeric() || !b.isNumeric()) {
            throw noOperator(op, l, r);
        }
        if (a == TypeKind.FLOAT4 && b == TypeKind.FLOAT4) {
            if (op.equals("%")) {
                throw noOperator(op, l, r);
            }
            return SqlType.FLOAT4;
        }
        if (a == TypeKind.FLOAT4 || a == TypeKind.FLOAT8 || b == TypeKind.FLOAT4 || b == TypeKind.FLOAT8) {
            if (op.equals("%")) {
                throw noOperator(op, l, r);
            }
            return SqlType.FLOAT8;
        }
        if (a == TypeKind.NUMERIC || b == TypeKind.NUMERIC) {
            return SqlType.NUMERIC;
        }
        if (a == TypeKind.INT8 || b == TypeKind.INT8) {
            return SqlType.INT8;
        }
        if (a == TypeKind.INT4 || b == TypeKind.INT4) {
            return SqlType.INT4;
        }
        return SqlType.INT2;
    }

    private static SqlType dateResultType(String op, SqlType l, SqlType r) {
        TypeKind a = l.kind();
        TypeKind b = r.kind();
        boolean smallInt = (a == TypeKind.DATE ? b : a) == TypeKind.INT4 || (a == TypeKind.DATE ? b : a) == TypeKind.INT2;
        if (op.equals("+") && smallInt) {
            return SqlType.DATE;
        }
        if (op.equals("-") && a == TypeKind.DATE && (b == TypeKind.INT4 || b == TypeKind.INT2)) {
            return SqlType.DATE;
        }
        if (op.equals("-") && a == TypeKind.DATE && b == TypeKind.DATE) {
            return SqlType.INT4;
        }
        throw noOperator(op, l, r);
    }

    private static SqlException noOperator(String op, SqlType l, SqlType r) {
        return new SqlException("42883", "operator does not exist: " + l.kind().sqlName() + " " + op + " " + r.kind().sqlName());
    }

    /** {@code l op r} with string forms in UTC; see {@link #apply(String, Object, SqlType, Object, SqlType, ZoneId)}. */
    public static Object apply(String op, Object l, SqlType lt, Object r, SqlType rt) {
        return apply(op, l, lt, r, rt, ZoneOffset.UTC);
    }

    /**
     * {@code l op r}; null if either operand is null. {@code zone} is the session time zone,
     * used only when {@code ||} prints a timestamptz.
     */
    public static Object apply(String op, Object l, SqlType lt, Object r, SqlType rt, ZoneId zone) {
        SqlType result = resultType(op, lt, rt);
        if (l == null || r == null) {
            return null;
        }
        if (op.equals("||")) {
            return concat(l, lt, r, rt, zone);
        }
        if (IntervalArithmetic.resultType(op, lt.kind(), rt.kind()) != null) {
            return IntervalArithmetic.apply(op, l, lt.kind(), r, rt.kind(), zone);
        }
        return switch (result.kind()) {
            case INT2, INT4, INT8 -> lt.kind() == TypeKind.DATE
                    ? dateDifference((LocalDate) l, (LocalDate) r)
                    : Integers.apply(op, ((Number) l).longValue(), ((Number) r).longValue(), result.kind());
            case NUMERIC -> NumericArithmetic.apply(op, toNumeric(l, lt), toNumeric(r, rt));
            case FLOAT4 -> FloatArithmetic.apply4(op, (Float) l, (Float) r);
            case FLOAT8 -> FloatArithmetic.apply8(op, toDouble(l, lt), toDouble(r, rt));
            case DATE -> lt.kind() == TypeKind.DATE
                    ? addDays((LocalDate) l, op.equals("-") ? -((Number) r).longValue() : ((Number) r).longValue())
                    : addDays((LocalDate) r, ((Number) l).longValue());
            default -> throw new IllegalStateException("no arithmetic for " + result);
        };
    }

    /** Unary minus; null for null. */
    public static Object negate(Object v, SqlType type) {
        if (v == null) {
            return null;
        }
        return switch (type.kind()) {
            case INT2, INT4, INT8 -> Integers.negate(((Number) v).longValue(), type.kind());
            case NUMERIC -> ((BigDecimal) v).negate();
            case FLOAT4 -> -(Float) v;
            case FLOAT8 -> -(Double) v;
            case INTERVAL -> IntervalText.negate((Interval) v);
            default -> throw new SqlException("42883", "operator does not exist: - " + type.kind().sqlName());
        };
    }

    private static BigDecimal toNumeric(Object v, SqlType t) {
        return t.kind() == TypeKind.NUMERIC ? (BigDecimal) v : BigDecimal.valueOf(((Number) v).longValue());
    }

    /** Implicit casts to double precision: numeric goes through its text form, as numeric_float8 does. */
    private static double toDouble(Object v, SqlType t) {
        return switch (t.kind()) {
            case NUMERIC -> (Double) Casts.cast(v, t, SqlType.FLOAT8);
            case INT8 -> (double) ((Number) v).longValue();
            default -> ((Number) v).doubleValue();
        };
    }

    private static Object dateDifference(LocalDate a, LocalDate b) {
        return Math.toIntExact(a.toEpochDay() - b.toEpochDay());
    }

    private static LocalDate addDays(LocalDate d, long days) {
        LocalDate r = d.plusDays(days);
        if (!DateTimes.inRange(r)) {
            throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "date out of range");
        }
        return r;
    }

    private static Object concat(Object l, SqlType lt, Object r, SqlType rt, ZoneId zone) {
        if (lt.kind() == TypeKind.BYTEA && rt.kind() == TypeKind.BYTEA) {
            byte[] a = (byte[]) l;
            byte[] b = (byte[]) r;
            byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
        return asText(l, lt, zone) + asText(r, rt, zone);
    }

    private static String asText(Object v, SqlType t, ZoneId zone) {
        return (String) Casts.cast(v, t, SqlType.TEXT, zone);
    }
}
