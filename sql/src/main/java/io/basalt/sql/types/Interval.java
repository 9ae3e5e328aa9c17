package io.basalt.sql.types;

/**
 * A value of PostgreSQL's {@code interval}: months, days and microseconds kept apart, because
 * a month and a day have no fixed length until the interval is added to a date (a month after
 * January 31 is February 29 in 2024; a day across a daylight-saving change in timestamptz
 * arithmetic is 23 or 25 hours). The fields may have different signs ({@code 1 mon -2 days}).
 *
 * <p>Comparison, equality and hashing treat a month as 30 days and a day as 24 hours, as
 * PostgreSQL's btree operator class does, so {@code '1 mon' = '30 days'} is true although the
 * two values print differently: {@link #spanDays} and {@link #spanMicros} are that
 * comparison's exact key.
 */
public record Interval(int months, int days, long micros) {
    public static final long MICROS_PER_SECOND = 1_000_000L;
    public static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    public static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    public static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
    public static final int DAYS_PER_MONTH = 30;
    public static final int MONTHS_PER_YEAR = 12;
    public static final Interval ZERO = new Interval(0, 0, 0);

    /** Whole days of the comparison span (a month counted as 30 days), rounded toward minus infinity. */
    public long spanDays() {
        return (long) months * DAYS_PER_MONTH + days + Math.floorDiv(micros, MICROS_PER_DAY);
    }

    /** The microseconds of the comparison span after {@link #spanDays}: 0 to one day, exclusive. */
    public long spanMicros() {
        return Math.floorMod(micros, MICROS_PER_DAY);
    }

    /** interval_cmp: negative, zero or positive as this interval's span is shorter, equal or longer. */
    public int compareSpan(Interval o) {
        int c = Long.compare(spanDays(), o.spanDays());
        return c != 0 ? c : Long.compare(spanMicros(), o.spanMicros());
    }

    /** A hash consistent with {@link #compareSpan}. */
    public int spanHash() {
        return Long.hashCode(spanDays()) * 31 + Long.hashCode(spanMicros());
    }
}
