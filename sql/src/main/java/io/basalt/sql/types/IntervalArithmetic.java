package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The operators on {@code interval} and between it and dates and timestamps, with
 * PostgreSQL's result types:
 *
 * <ul>
 * <li>interval ± interval, -interval: interval, field by field;</li>
 * <li>interval * number, number * interval, interval / number: interval, a fractional month
 *     spilling into days of 30 and a fractional day into time (interval_mul, interval_div);</li>
 * <li>timestamp ± interval, interval + timestamp: timestamp; the months are added first (the
 *     day clamped to the month's last), then the days, then the time; the same for
 *     timestamptz, whose months and days are added in the session's time zone so that
 *     {@code + '1 day'} keeps the local time across a daylight-saving change;</li>
 * <li>date ± interval, interval + date: timestamp;</li>
 * <li>timestamp - timestamp, timestamptz - timestamptz (and a date against either, the date
 *     read as the other's type): interval in days and time, 24 hours counted as a day
 *     (interval_justify_hours), never in months.</li>
 * </ul>
 * Overflow is 22008 ("interval out of range", "timestamp out of range").
 */
public final class IntervalArithmetic {
    private IntervalArithmetic() {
    }

    /** The type of {@code l op r} when an interval or a timestamp difference is involved, else null. */
    static SqlType resultType(String op, TypeKind a, TypeKind b) {
        boolean ia = a == TypeKind.INTERVAL;
        boolean ib = b == TypeKind.INTERVAL;
        if (ia && ib) {
            return op.equals("+") || op.equals("-") ? SqlType.INTERVAL : null;
        }
        if (ia || ib) {
            TypeKind other = ia ? b : a;
            if (other.isNumeric()) {
                return op.equals("*") || (op.equals("/") && ia) ? SqlType.INTERVAL : null;
            }
            if (!op.equals("+") && !(op.equals("-") && ib)) {
                return null;
            }
            return switch (other) {
                case DATE, TIMESTAMP -> SqlType.TIMESTAMP;
                case TIMESTAMPTZ -> SqlType.TIMESTAMPTZ;
                default -> null;
            };
        }
        if (op.equals("-") && isDateTime(a) && isDateTime(b) && !(a == TypeKind.DATE && b == TypeKind.DATE)) {
            return SqlType.INTERVAL;
        }
        return null;
    }

    private static boolean isDateTime(TypeKind k) {
        return k == TypeKind.DATE || k == TypeKind.TIMESTAMP || k == TypeKind.TIMESTAMPTZ;
    }

    /** {@code l op r} for the operators {@link #resultType} accepts; both non-null. */
    static Object apply(String op, Object l, TypeKind a, Object r, TypeKind b, ZoneId zone) {
        if (a == TypeKind.INTERVAL && b == TypeKind.INTERVAL) {
            Interval x = (Interval) l;
            Interval y = (Interval) r;
            return op.equals("+") ? add(x, y) : add(x, IntervalText.negate(y));
        }
        if (a == TypeKind.INTERVAL && b.isNumeric()) {
            double f = toDouble(r, b);
            return op.equals("*") ? multiply((Interval) l, f) : divide((Interval) l, f);
        }
        if (b == TypeKind.INTERVAL && a.isNumeric()) {
            return multiply((Interval) r, toDouble(l, a));
        }
        if (a == TypeKind.INTERVAL || b == TypeKind.INTERVAL) {
            Object when = a == TypeKind.INTERVAL ? r : l;
            TypeKind whenKind = a == TypeKind.INTERVAL ? b : a;
            Interval span = (Interval) (a == TypeKind.INTERVAL ? l : r);
            if (op.equals("-")) {
                span = IntervalText.negate(span);
            }
            return switch (whenKind) {
                case DATE -> plus(((LocalDate) when).atStartOfDay(), span);
                case TIMESTAMP -> plus((LocalDateTime) when, span);
                default -> plus((Instant) when, span, zone);
            };
        }
        TypeKind common = a == TypeKind.TIMESTAMPTZ || b == TypeKind.TIMESTAMPTZ ? TypeKind.TIMESTAMPTZ : TypeKind.TIMESTAMP;
        long x = micros(l, a, common, zone);
        long y = micros(r, b, common, zone);
        long diff;
        try {
            diff = Math.subtractExact(x, y);
        } catch (ArithmeticException e) {
            throw IntervalText.outOfRange();
        }
        return justifyHours(diff);
    }

    private static double toDouble(Object v, TypeKind k) {
        return k == TypeKind.NUMERIC ? ((java.math.BigDecimal) v).doubleValue() : ((Number) v).doubleValue();
    }

    private static long micros(Object v, TypeKind k, TypeKind common, ZoneId zone) {
        SqlType target = SqlType.of(common);
        Object c = k == common ? v : Casts.cast(v, SqlType.of(k), target, zone);
        return common == TypeKind.TIMESTAMP ? DateTimes.timestampToMicros((LocalDateTime) c)
                : DateTimes.instantToMicros((Instant) c);
    }

    /** A time difference as days and the rest (interval_justify_hours on a days-free interval). */
    static Interval justifyHours(long micros) {
        long days = micros / Interval.MICROS_PER_DAY;
        long time = micros - days * Interval.MICROS_PER_DAY;
        return new Interval(0, Math.toIntExact(days), time);
    }

    public static Interval add(Interval x, Interval y) {
        try {
            return new Interval(Math.addExact(x.months(), y.months()), Math.addExact(x.days(), y.days()),
                    Math.addExact(x.micros(), y.micros()));
        } catch (ArithmeticException e) {
            throw IntervalText.outOfRange();
        }
    }

    static LocalDateTime plus(LocalDateTime t, Interval span) {
        LocalDateTime r;
        try {
            r = t.plusMonths(span.months()).plusDays(span.days()).plus(span.micros(), ChronoUnit.MICROS);
        } catch (DateTimeException | ArithmeticException e) {
            r = null;
        }
        if (r == null || !DateTimes.inRange(r)) {
            throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
        return r;
    }

    static Instant plus(Instant t, Interval span, ZoneId zone) {
        Instant r = t;
        try {
            if (span.months() != 0 || span.days() != 0) {
                ZonedDateTime local = t.atZone(zone);
                LocalDateTime moved = local.toLocalDateTime().plusMonths(span.months()).plusDays(span.days());
                r = ZonedDateTime.ofLocal(moved, zone, local.getOffset()).toInstant();
            }
            r = r.plus(span.micros(), ChronoUnit.MICROS);
        } catch (DateTimeException | ArithmeticException e) {
            r = null;
        }
        if (r == null || !DateTimes.inRange(r)) {
            throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
        return r;
    }

    /** interval_mul. */
    public static Interval multiply(Interval span, double factor) {
        double monthsD = span.months() * factor;
        double daysD = span.days() * factor;
        if (Double.isNaN(factor) || !fitsInt(monthsD) || !fitsInt(daysD)) {
            throw IntervalText.outOfRange();
        }
        int months = (int) monthsD;
        int days = (int) daysD;
        double monthRemainderDays = tsRound((monthsD - months) * Interval.DAYS_PER_MONTH);
        double secRemainder = tsRound((daysD - days + monthRemainderDays - (int) monthRemainderDays) * 86400.0);
        return finish(months, days, monthRemainderDays, secRemainder, span.micros() * factor);
    }

    /** interval_div; 22012 for a zero divisor. */
    public static Interval divide(Interval span, double divisor) {
        if (divisor == 0) {
            throw new SqlException(TypeErrors.DIVISION_BY_ZERO, "division by zero");
        }
        double monthsD = span.months() / divisor;
        double daysD = span.days() / divisor;
        if (Double.isNaN(divisor) || !fitsInt(monthsD) || !fitsInt(daysD)) {
            throw IntervalText.outOfRange();
        }
        int months = (int) monthsD;
        int days = (int) daysD;
        double monthRemainderDays = tsRound((monthsD - months) * Interval.DAYS_PER_MONTH);
        double secRemainder = tsRound((daysD - days + monthRemainderDays - (int) monthRemainderDays) * 86400.0);
        return finish(months, days, monthRemainderDays, secRemainder, span.micros() / divisor);
    }

    private static Interval finish(int months, int days, double monthRemainderDays, double secRemainder, double time) {
        long d = days;
        if (Math.abs(secRemainder) >= 86400) {
            d += (long) (secRemainder / 86400);
            secRemainder -= (long) (secRemainder / 86400) * 86400.0;
        }
        d += (long) monthRemainderDays;
        double micros = Math.rint(time + secRemainder * Interval.MICROS_PER_SECOND);
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE || Double.isNaN(micros)
                || micros < -0x1p63 || micros >= 0x1p63) {
            throw IntervalText.outOfRange();
        }
        return new Interval(months, (int) d, (long) micros);
    }

    private static boolean fitsInt(double d) {
        return !Double.isNaN(d) && d > Integer.MIN_VALUE - 1.0 && d < Integer.MAX_VALUE + 1.0;
    }

    /** TSROUND: rounds to microsecond precision. */
    private static double tsRound(double v) {
        return Math.rint(v * 1e6) / 1e6;
    }
}
