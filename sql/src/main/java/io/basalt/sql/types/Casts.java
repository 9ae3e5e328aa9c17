package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Conversion of a value from one SQL type to another with PostgreSQL's rules and errors:
 * integer narrowing checks range (22003 "smallint out of range"), float to integer rounds half
 * to even (rint), numeric to integer rounds half away from zero, float to numeric keeps 15
 * (float8) or 6 (float4) significant digits, character(n) loses its trailing spaces when it
 * becomes text, and anything converts to and from a string type through {@link TextCodec}.
 * Target modifiers are applied last: numeric(p,s) rounds, and character varying(n) or
 * character(n) truncate in an explicit cast but raise 22001 in an assignment cast.
 * Conversions between date, timestamp and timestamptz use the session's time zone.
 */
public final class Casts {
    private static final MathContext FLOAT8_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);
    private static final MathContext FLOAT4_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);

    private Casts() {
    }

    /** Whether PostgreSQL allows a cast from {@code from} to {@code to} in {@code context}. */
    public static boolean canCast(TypeKind from, TypeKind to, CastContext context) {
        CastContext required = CastRules.required(from, to);
        return required != null && context.allows(required);
    }

    /** An explicit cast ({@code CAST(v AS to)}, {@code v::to}) in the UTC zone. */
    public static Object cast(Object v, SqlType from, SqlType to) {
        return cast(v, from, to, ZoneOffset.UTC);
    }

    /** An explicit cast with the session's time zone {@code zone}. */
    public static Object cast(Object v, SqlType from, SqlType to, ZoneId zone) {
        return convert(v, from, to, zone, CastContext.EXPLICIT);
    }

    /** The cast INSERT and UPDATE apply to a value stored into a column of type {@code to}, in UTC. */
    public static Object castForAssignment(Object v, SqlType from, SqlType to) {
        return castForAssignment(v, from, to, ZoneOffset.UTC);
    }

    /**
     * The cast INSERT and UPDATE apply to a value stored into a column of type {@code to}: a
     * string too long for the column is 22001 unless the excess is spaces. A cast with no
     * assignment form (text to integer) is 42846; a caller that knows the column name should
     * check {@link #canCast} first to report PostgreSQL's 42804 naming the column.
     */
    public static Object castForAssignment(Object v, SqlType from, SqlType to, ZoneId zone) {
        return convert(v, from, to, zone, CastContext.ASSIGNMENT);
    }

    private static Object convert(Object v, SqlType from, SqlType to, ZoneId zone, CastContext context) {
        if (!canCast(from.kind(), to.kind(), context)) {
            throw TypeErrors.cannotCast(from, to);
        }
        if (v == null) {
            return null;
        }
        ZoneId z = TextCodec.zoneOrUtc(zone);
        Object converted = convertKind(v, from, to, z);
        return applyModifier(converted, to, context);
    }

    private static Object applyModifier(Object v, SqlType to, CastContext context) {
        return switch (to.kind()) {
            case NUMERIC -> NumericSupport.applyTypmod((BigDecimal) v, to);
            case VARCHAR, BPCHAR -> context == CastContext.EXPLICIT
                    ? StringTypes.applyForExplicitCast((String) v, to)
                    : StringTypes.applyForInput((String) v, to);
            default -> v;
        };
    }

    private static Object convertKind(Object v, SqlType from, SqlType to, ZoneId zone) {
        TypeKind f = from.kind();
        TypeKind t = to.kind();
        if (f.isString()) {
            String s = f == TypeKind.BPCHAR ? StringTypes.stripPadding((String) v) : (String) v;
            // The target's length is applied afterwards, with the cast context's rule.
            return t.isString() ? s : TextCodec.parse(s, SqlType.of(t), zone);
        }
        if (t.isString()) {
            // The boolean-to-text cast (booltext) spells the words out, unlike boolout's t/f.
            if (f == TypeKind.BOOL) {
                return ((Boolean) v) ? "true" : "false";
            }
            return TextCodec.format(v, from, zone);
        }
        if (f == t) {
            return v;
        }
        return switch (t) {
            case INT2, INT4, INT8 -> toInteger(v, f, t);
            case NUMERIC -> toNumeric(v, f);
            case FLOAT4, FLOAT8 -> toFloat(v, f, t);
            case BOOL -> ((Integer) v) != 0;
            case DATE, TIMESTAMP, TIMESTAMPTZ -> DateTimeCasts.convert(v, f, t, zone);
            default -> throw TypeErrors.cannotCast(from, to);
        };
    }

    private static Object toInteger(Object v, TypeKind f, TypeKind t) {
        long n = switch (f) {
            case INT2, INT4, INT8 -> ((Number) v).longValue();
            case BOOL -> ((Boolean) v) ? 1 : 0;
            case FLOAT4, FLOAT8 -> floatToLong(((Number) v).doubleValue(), t);
            case NUMERIC -> numericToLong((BigDecimal) v, t);
            default -> throw new IllegalStateException("no cast from " + f + " to " + t);
        };
        return Integers.narrow(n, t);
    }

    /** dtoi4/dtoi8: rint (half to even), then a range check; NaN is out of range. */
    private static long floatToLong(double d, TypeKind t) {
        double r = Math.rint(d);
        // 2^63 is exactly representable; every double below it fits in a long.
        if (Double.isNaN(r) || r < -0x1p63 || r >= 0x1p63) {
            throw TypeErrors.outOfRange(t.sqlName());
        }
        return (long) r;
    }

    /** numeric_int8: round half away from zero, then a range check. */
    private static long numericToLong(BigDecimal v, TypeKind t) {
        BigDecimal r = v.setScale(0, RoundingMode.HALF_UP);
        if (r.unscaledValue().bitLength() > 63) {
            throw TypeErrors.outOfRange(t.sqlName());
        }
        return r.longValueExact();
    }

    private static BigDecimal toNumeric(Object v, TypeKind f) {
        return switch (f) {
            case INT2, INT4, INT8 -> BigDecimal.valueOf(((Number) v).longValue());
            case FLOAT4 -> floatToNumeric((Float) v, FLOAT4_DIGITS);
            case FLOAT8 -> floatToNumeric((Double) v, FLOAT8_DIGITS);
            default -> throw new IllegalStateException("no cast from " + f + " to numeric");
        };
    }

    /** float8_numeric: printf's %.15g (%.6g for float4) read back as numeric. */
    private static BigDecimal floatToNumeric(double d, MathContext digits) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new SqlException(TypeErrors.FEATURE_NOT_SUPPORTED,
                    "cannot convert " + FloatText.format(d) + " to numeric: NaN and Infinity cannot be stored in numeric");
        }
        if (d == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal r = new BigDecimal(d).round(digits).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }

    private static Object toFloat(Object v, TypeKind f, TypeKind t) {
        if (f == TypeKind.NUMERIC) {
            // numeric_float8 prints the numeric and reads it with float8in, errors included.
            String s = NumericSupport.format((BigDecimal) v);
            if (t == TypeKind.FLOAT4) {
                return FloatText.parseFloat4(s);
            }
            return FloatText.parseFloat8(s);
        }
        double d = ((Number) v).doubleValue();
        if (t == TypeKind.FLOAT8) {
            return f == TypeKind.INT8 ? (double) ((Number) v).longValue() : d;
        }
        if (f.isInteger()) {
            return (float) ((Number) v).longValue();
        }
        float r = (float) d;
        if (Float.isInfinite(r) && !Double.isInfinite(d)) {
            throw FloatArithmetic.overflow();
        }
        if (r == 0 && d != 0) {
            throw FloatArithmetic.underflow();
        }
        return r;
    }

    /** Conversions among date, timestamp and timestamptz. */
    private static final class DateTimeCasts {
        static Object convert(Object v, TypeKind f, TypeKind t, ZoneId zone) {
            return switch (t) {
                case DATE -> switch (f) {
                    case TIMESTAMP -> ((LocalDateTime) v).toLocalDate();
                    default -> checkDate(((Instant) v).atZone(zone).toLocalDate());
                };
                case TIMESTAMP -> switch (f) {
                    case DATE -> checkTimestamp(((LocalDate) v).atStartOfDay(), "date out of range for timestamp");
                    default -> checkTimestamp(((Instant) v).atZone(zone).toLocalDateTime(), "timestamp out of range");
                };
                default -> {
                    LocalDateTime local = f == TypeKind.DATE ? ((LocalDate) v).atStartOfDay() : (LocalDateTime) v;
                    Instant i = ZonedDateTime.ofLocal(local, zone, null).withLaterOffsetAtOverlap().toInstant();
                    if (!DateTimes.inRange(i)) {
                        throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW,
                                f == TypeKind.DATE ? "date out of range for timestamp" : "timestamp out of range");
                    }
                    yield i;
                }
            };
        }

        private static LocalDate checkDate(LocalDate d) {
            if (!DateTimes.inRange(d)) {
                throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "date out of range");
            }
            return d;
        }

        private static LocalDateTime checkTimestamp(LocalDateTime t, String message) {
            if (!DateTimes.inRange(t)) {
                throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, message);
            }
            return t;
        }
    }
}
