package io.basalt.sql.types;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Date and time output in PostgreSQL's ISO DateStyle: {@code 2024-01-31},
 * {@code 2024-01-31 13:45:00.5}, {@code 2024-01-31 13:45:00+05:30}. Years have at least four
 * digits; years before 1 AD print as {@code 0044-03-15 BC}; fractional seconds print with the
 * trailing zeros removed; a zone offset prints as hours, adding minutes and seconds only when
 * they are non-zero.
 */
final class DateTimeFormat {
    private DateTimeFormat() {
    }

    static String date(LocalDate d) {
        StringBuilder sb = new StringBuilder(16);
        appendDate(sb, d);
        return appendEra(sb, d).toString();
    }

    static String timestamp(LocalDateTime t) {
        StringBuilder sb = new StringBuilder(32);
        appendDate(sb, t.toLocalDate());
        sb.append(' ');
        appendTime(sb, t.toLocalTime());
        return appendEra(sb, t.toLocalDate()).toString();
    }

    static String timestamptz(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        StringBuilder sb = new StringBuilder(40);
        appendDate(sb, z.toLocalDate());
        sb.append(' ');
        appendTime(sb, z.toLocalTime());
        appendOffset(sb, z.getOffset().getTotalSeconds());
        return appendEra(sb, z.toLocalDate()).toString();
    }

    private static void appendDate(StringBuilder sb, LocalDate d) {
        int year = d.getYear();
        int shown = year <= 0 ? 1 - year : year;
        String y = Integer.toString(shown);
        sb.append("0".repeat(Math.max(0, 4 - y.length()))).append(y).append('-');
        two(sb, d.getMonthValue()).append('-');
        two(sb, d.getDayOfMonth());
    }

    private static StringBuilder appendEra(StringBuilder sb, LocalDate d) {
        return d.getYear() <= 0 ? sb.append(" BC") : sb;
    }

    private static void appendTime(StringBuilder sb, LocalTime t) {
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String f = Integer.toString(1_000_000 + micros).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
    }

    private static void appendOffset(StringBuilder sb, int totalSeconds) {
        sb.append(totalSeconds < 0 ? '-' : '+');
        int abs = Math.abs(totalSeconds);
        two(sb, abs / 3600);
        int minutes = abs / 60 % 60;
        int seconds = abs % 60;
        if (minutes != 0 || seconds != 0) {
            two(sb.append(':'), minutes);
        }
        if (seconds != 0) {
            two(sb.append(':'), seconds);
        }
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }
}
