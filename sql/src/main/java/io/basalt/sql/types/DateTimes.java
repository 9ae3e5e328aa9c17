package io.basalt.sql.types;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The ranges and integer forms of date and time values. PostgreSQL counts dates in days and
 * timestamps in microseconds from 2000-01-01 (its binary format); Basalt's keys and rows use
 * the same integers so one conversion serves every encoding. Ranges are PostgreSQL's: dates
 * from 4714-11-24 BC to 5874897-12-31, timestamps from 4714-11-24 BC to 294276-12-31
 * 23:59:59.999999. Infinite dates and timestamps are not supported.
 */
final class DateTimes {
    static final LocalDate POSTGRES_EPOCH = LocalDate.of(2000, 1, 1);
    static final long POSTGRES_EPOCH_DAY = POSTGRES_EPOCH.toEpochDay();
    static final LocalDate DATE_MIN = LocalDate.of(-4713, 11, 24);
    static final LocalDate DATE_MAX = LocalDate.of(5874897, 12, 31);
    static final LocalDateTime TIMESTAMP_MIN = DATE_MIN.atStartOfDay();
    /** The first timestamp past the range (exclusive bound). */
    static final LocalDateTime TIMESTAMP_END = LocalDateTime.of(294277, 1, 1, 0, 0);
    static final long MICROS_PER_SECOND = 1_000_000L;
    static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    private static final long POSTGRES_EPOCH_SECOND = POSTGRES_EPOCH_DAY * 86_400L;

    private DateTimes() {
    }

    static boolean inRange(LocalDate d) {
        return !d.isBefore(DATE_MIN) && !d.isAfter(DATE_MAX);
    }

    static boolean inRange(LocalDateTime t) {
        return !t.isBefore(TIMESTAMP_MIN) && t.isBefore(TIMESTAMP_END);
    }

    static boolean inRange(Instant t) {
        return inRange(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    /** Days since 2000-01-01. */
    static int dateToDays(LocalDate d) {
        return Math.toIntExact(d.toEpochDay() - POSTGRES_EPOCH_DAY);
    }

    static LocalDate daysToDate(long days) {
        return LocalDate.ofEpochDay(days + POSTGRES_EPOCH_DAY);
    }

    /** Microseconds since 2000-01-01 00:00 (sub-microsecond digits are dropped). */
    static long timestampToMicros(LocalDateTime t) {
        long seconds = t.toEpochSecond(ZoneOffset.UTC) - POSTGRES_EPOCH_SECOND;
        return seconds * MICROS_PER_SECOND + t.getNano() / 1000;
    }

    static LocalDateTime microsToTimestamp(long micros) {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        long micro = Math.floorMod(micros, MICROS_PER_SECOND);
        return LocalDateTime.ofEpochSecond(seconds + POSTGRES_EPOCH_SECOND, (int) micro * 1000, ZoneOffset.UTC);
    }

    /** Microseconds since 2000-01-01 00:00 UTC. */
    static long instantToMicros(Instant t) {
        long seconds = t.getEpochSecond() - POSTGRES_EPOCH_SECOND;
        return seconds * MICROS_PER_SECOND + t.getNano() / 1000;
    }

    static Instant microsToInstant(long micros) {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        long micro = Math.floorMod(micros, MICROS_PER_SECOND);
        return Instant.ofEpochSecond(seconds + POSTGRES_EPOCH_SECOND, micro * 1000);
    }

    static boolean microsInTimestampRange(long micros) {
        return micros >= timestampToMicros(TIMESTAMP_MIN) && micros < timestampToMicros(TIMESTAMP_END);
    }

    static LocalDateTime truncateToMicros(LocalDateTime t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
