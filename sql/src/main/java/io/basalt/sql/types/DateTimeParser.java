package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.DateTimeTokens.Token;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * date, timestamp and timestamptz input with PostgreSQL's DateStyle "ISO, MDY": ISO dates with
 * an optional time ({@code 2024-01-31 13:45:00.5}, {@code 2024-01-31T13:45Z}), numeric dates
 * read month first when the first field has fewer than three digits ({@code 01/31/2024}),
 * {@code 20240131}, month names ({@code Jan 31 2024}, {@code 31-Jan-2024}), am/pm, BC, a zone
 * offset, abbreviation or IANA name, and the words epoch, now, today, tomorrow, yesterday.
 * Malformed input is 22007; a field out of range (month 13, 25:00) or a value outside the
 * type's range is 22008. A zone in date or timestamp input is read and ignored, as in
 * PostgreSQL. Ambiguous local times at a DST fall-back resolve to the later (standard)
 * offset and skipped ones move forward by the gap, matching PostgreSQL.
 */
final class DateTimeParser {
    private static final int YEAR_DIGITS_MAX = 9;
    private static final int TWO_DIGIT_YEAR_PIVOT = 70;

    private enum Target {
        DATE("date"), TIMESTAMP("timestamp"), TIMESTAMPTZ("timestamp with time zone");

        final String typeName;

        Target(String typeName) {
            this.typeName = typeName;
        }
    }

    /** The fields read from one input, before they are checked and combined. */
    private static final class Fields {
        int year = -1;
        int month = -1;
        int day = -1;
        boolean twoDigitYear;
        boolean bc;
        boolean monthFromWord;
        boolean hasTime;
        int hour;
        int minute;
        int second;
        long micros;
        int ampm; // 0 none, 1 am, 2 pm
        ZoneId zone;
    }

    private DateTimeParser() {
    }

    static LocalDate parseDate(String text, ZoneId session) {
        String special = special(text);
        if (special != null) {
            return switch (special) {
                case "epoch" -> LocalDate.of(1970, 1, 1);
                case "now", "today" -> LocalDate.now(session);
                case "tomorrow" -> LocalDate.now(session).plusDays(1);
                case "yesterday" -> LocalDate.now(session).minusDays(1);
                default -> throw infinite(text);
            };
        }
        LocalDateTime t = combine(text, decode(text, Target.DATE), Target.DATE);
        LocalDate d = t.toLocalDate();
        if (!DateTimes.inRange(d)) {
            throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "date out of range: \"" + text + "\"");
        }
        return d;
    }

    static LocalDateTime parseTimestamp(String text, ZoneId session) {
        String special = special(text);
        if (special != null) {
            return switch (special) {
                case "epoch" -> LocalDateTime.of(1970, 1, 1, 0, 0);
                case "now" -> DateTimes.truncateToMicros(LocalDateTime.now(session));
                case "today" -> LocalDate.now(session).atStartOfDay();
                case "tomorrow" -> LocalDate.now(session).plusDays(1).atStartOfDay();
                case "yesterday" -> LocalDate.now(session).minusDays(1).atStartOfDay();
                default -> throw infinite(text);
            };
        }
        LocalDateTime t = combine(text, decode(text, Target.TIMESTAMP), Target.TIMESTAMP);
        if (!DateTimes.inRange(t)) {
            throw timestampOutOfRange(text);
        }
        return t;
    }

    static Instant parseTimestamptz(String text, ZoneId session) {
        String special = special(text);
        if (special != null) {
            return switch (special) {
                case "epoch" -> Instant.EPOCH;
                case "now" -> Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                case "today" -> LocalDate.now(session).atStartOfDay(session).toInstant();
                case "tomorrow" -> LocalDate.now(session).plusDays(1).atStartOfDay(session).toInstant();
                case "yesterday" -> LocalDate.now(session).minusDays(1).atStartOfDay(session).toInstant();
                default -> throw infinite(text);
            };
        }
        Fields f = decode(text, Target.TIMESTAMPTZ);
        // Only the instant is range-checked: near the range's ends, local time in a zone may lie beyond it.
        LocalDateTime local = combine(text, f, Target.TIMESTAMPTZ);
        ZoneId zone = f.zone != null ? f.zone : session;
        Instant t = ZonedDateTime.ofLocal(local, zone, null).withLaterOffsetAtOverlap().toInstant();
        if (!DateTimes.inRange(t)) {
            throw timestampOutOfRange(text);
        }
        return t;
    }

    private static String special(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "epoch", "now", "today", "tomorrow", "yesterday", "infinity", "+infinity", "-infinity" -> s;
            default -> null;
        };
    }

    private static SqlException infinite(String text) {
        return new SqlException(TypeErrors.FEATURE_NOT_SUPPORTED,
                "infinite dates and timestamps are not supported: \"" + text + "\"");
    }

    private static SqlException timestampOutOfRange(String text) {
        return new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"" + text + "\"");
    }

    private static SqlException syntax(String text, Target target) {
        return new SqlException(TypeErrors.INVALID_DATETIME_FORMAT,
                "invalid input syntax for type " + target.typeName + ": \"" + text + "\"");
    }

    private static SqlException fieldOverflow(String text) {
        return new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + text + "\"");
    }

    private static Fields decode(String text, Target target) {
        List<Token> tokens;
        try {
            tokens = DateTimeTokens.split(text.toLowerCase(Locale.ROOT));
        } catch (DateTimeTokens.SyntaxError e) {
            throw syntax(text, target);
        }
        Fields f = new Fields();
        boolean dateSeen = false;
        for (Token t : tokens) {
            switch (t.kind()) {
                case DATE -> {
                    if (dateSeen || f.month >= 0) {
                        throw syntax(text, target);
                    }
                    dateSeen = true;
                    dateParts(text, target, f, t.parts());
                }
                case TIME -> {
                    if (f.hasTime) {
                        throw syntax(text, target);
                    }
                    time(text, target, f, t.text());
                }
                case NUMBER -> number(text, target, f, t.text(), dateSeen);
                case WORD -> word(text, target, f, t.text());
                case OFFSET -> {
                    if (f.zone != null) {
                        throw syntax(text, target);
                    }
                    f.zone = offset(text, target, t.text());
                }
            }
        }
        if (f.year < 0 || f.month < 0 || f.day < 0) {
            throw syntax(text, target);
        }
        return f;
    }

    private static void dateParts(String text, Target target, Fields f, List<String> parts) {
        int monthAt = -1;
        for (int k = 0; k < 3; k++) {
            if (!DateTimeTokens.isDigit(parts.get(k).charAt(0))) {
                if (monthAt >= 0 || DateTimeWords.month(parts.get(k)) == 0) {
                    throw syntax(text, target);
                }
                monthAt = k;
            }
        }
        String y;
        String d;
        switch (monthAt) {
            case -1 -> {
                boolean yearFirst = parts.get(0).length() >= 3;
                y = yearFirst ? parts.get(0) : parts.get(2);
                f.month = intField(text, target, yearFirst ? parts.get(1) : parts.get(0));
                d = yearFirst ? parts.get(2) : parts.get(1);
            }
            case 0 -> {
                f.month = DateTimeWords.month(parts.get(0));
                d = parts.get(1);
                y = parts.get(2);
            }
            case 1 -> {
                f.month = DateTimeWords.month(parts.get(1));
                boolean yearFirst = parts.get(0).length() >= 3;
                y = yearFirst ? parts.get(0) : parts.get(2);
                d = yearFirst ? parts.get(2) : parts.get(0);
            }
            default -> throw syntax(text, target);
        }
        f.day = intField(text, target, d);
        setYear(text, target, f, y);
    }

    private static void number(String text, Target target, Fields f, String digits, boolean dateSeen) {
        if (!dateSeen && f.month < 0 && f.day < 0 && f.year < 0 && (digits.length() == 8 || digits.length() == 6)) {
            int yearDigits = digits.length() - 4;
            setYear(text, target, f, digits.substring(0, yearDigits));
            f.month = intField(text, target, digits.substring(yearDigits, yearDigits + 2));
            f.day = intField(text, target, digits.substring(yearDigits + 2));
        } else if (f.monthFromWord && digits.length() >= 3 && f.year < 0) {
            setYear(text, target, f, digits);
        } else if (f.monthFromWord && f.day < 0) {
            f.day = intField(text, target, digits);
        } else if (f.monthFromWord && f.year < 0) {
            setYear(text, target, f, digits);
        } else if (!f.monthFromWord && f.month < 0 && f.day < 0 && digits.length() <= 2) {
            // "31 jan 2024": a day before the month name.
            f.day = intField(text, target, digits);
        } else {
            throw syntax(text, target);
        }
    }

    private static void word(String text, Target target, Fields f, String w) {
        int month = DateTimeWords.month(w);
        if (month != 0) {
            if (f.month >= 0) {
                throw syntax(text, target);
            }
            f.month = month;
            f.monthFromWord = true;
            return;
        }
        switch (w) {
            case "am" -> f.ampm = 1;
            case "pm" -> f.ampm = 2;
            case "bc" -> f.bc = true;
            case "ad", "t" -> {
            }
            default -> {
                if (DateTimeWords.isWeekday(w)) {
                    return;
                }
                ZoneId zone = DateTimeWords.zone(w);
                if (zone == null) {
                    if (w.contains("/")) {
                        throw new SqlException(TypeErrors.INVALID_PARAMETER_VALUE, "time zone \"" + w + "\" not recognized");
                    }
                    throw syntax(text, target);
                }
                if (f.zone != null) {
                    throw syntax(text, target);
                }
                f.zone = zone;
            }
        }
    }

    private static void time(String text, Target target, Fields f, String t) {
        String[] hms = t.split(":", -1);
        if (hms.length < 2 || hms.length > 3) {
            throw syntax(text, target);
        }
        f.hasTime = true;
        f.hour = intField(text, target, hms[0]);
        f.minute = intField(text, target, hms[1]);
        if (hms.length == 3) {
            String sec = hms[2];
            int dot = sec.indexOf('.');
            if (dot >= 0) {
                String frac = sec.substring(dot + 1);
                if (frac.indexOf('.') >= 0) {
                    throw syntax(text, target);
                }
                // PostgreSQL reads the fraction as a double and rounds with rint; do the same.
                f.micros = (long) Math.rint(Double.parseDouble("0." + frac + "0") * DateTimes.MICROS_PER_SECOND);
                sec = sec.substring(0, dot);
            }
            f.second = intField(text, target, sec);
        }
    }

    private static ZoneId offset(String text, Target target, String o) {
        int sign = o.charAt(0) == '-' ? -1 : 1;
        String body = o.substring(1);
        int h;
        int m = 0;
        int s = 0;
        if (body.contains(":")) {
            String[] p = body.split(":", -1);
            if (p.length > 3) {
                throw syntax(text, target);
            }
            h = intField(text, target, p[0]);
            m = p.length > 1 ? intField(text, target, p[1]) : 0;
            s = p.length > 2 ? intField(text, target, p[2]) : 0;
        } else if (body.length() <= 2) {
            h = intField(text, target, body);
        } else if (body.length() <= 6) {
            // hmm, hhmm, hmmss or hhmmss: minutes and seconds take two digits from the right.
            int secondsDigits = body.length() > 4 ? 2 : 0;
            int hourDigits = body.length() - 2 - secondsDigits;
            h = intField(text, target, body.substring(0, hourDigits));
            m = intField(text, target, body.substring(hourDigits, hourDigits + 2));
            s = secondsDigits > 0 ? intField(text, target, body.substring(hourDigits + 2)) : 0;
        } else {
            throw syntax(text, target);
        }
        if (h > 15 || m > 59 || s > 59) {
            throw new SqlException(TypeErrors.INVALID_TIME_ZONE_DISPLACEMENT,
                    "time zone displacement out of range: \"" + text + "\"");
        }
        return ZoneOffset.ofTotalSeconds(sign * (h * 3600 + m * 60 + s));
    }

    private static void setYear(String text, Target target, Fields f, String digits) {
        if (f.year >= 0) {
            throw syntax(text, target);
        }
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > YEAR_DIGITS_MAX) {
            throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW,
                    (target == Target.DATE ? "date" : "timestamp") + " out of range: \"" + text + "\"");
        }
        f.year = Integer.parseInt(trimmed);
        f.twoDigitYear = digits.length() <= 2;
    }

    private static int intField(String text, Target target, String digits) {
        if (digits.isEmpty() || digits.length() > YEAR_DIGITS_MAX || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                    ? syntax(text, target) : fieldOverflow(text);
        }
        return Integer.parseInt(digits);
    }

    /** Checks each field's range and builds the local date and time (midnight without a time). */
    private static LocalDateTime combine(String text, Fields f, Target target) {
        int year = f.year;
        if (f.twoDigitYear && !f.bc) {
            year += year < TWO_DIGIT_YEAR_PIVOT ? 2000 : 1900;
        }
        if (year == 0 || f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31) {
            throw fieldOverflow(text);
        }
        int hour = f.hour;
        if (f.ampm != 0) {
            if (hour > 12) {
                throw fieldOverflow(text);
            }
            hour = hour % 12 + (f.ampm == 2 ? 12 : 0);
        }
        if (f.minute > 59 || f.second > 60 || hour > 24
                || (hour == 24 && (f.minute > 0 || f.second > 0 || f.micros > 0)) || f.micros > DateTimes.MICROS_PER_SECOND) {
            throw fieldOverflow(text);
        }
        LocalDate date;
        try {
            date = LocalDate.of(f.bc ? 1 - year : year, f.month, f.day);
        } catch (DateTimeException e) {
            // Years have at most nine digits, which LocalDate holds, so only the day can be wrong.
            throw fieldOverflow(text);
        }
        long micros = ((hour * 60L + f.minute) * 60L + f.second) * DateTimes.MICROS_PER_SECOND + f.micros;
        try {
            return date.atStartOfDay().plusNanos(micros * 1000);
        } catch (DateTimeException e) {
            throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW,
                    (target == Target.DATE ? "date" : "timestamp") + " out of range: \"" + text + "\"");
        }
    }
}
