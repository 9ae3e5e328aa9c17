package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * interval_in and interval_out with PostgreSQL's default {@code IntervalStyle = postgres}.
 *
 * <p>Output: {@code 1 year 2 mons 3 days 04:05:06.5}, each nonzero field with its unit, the
 * time as {@code hh:mm:ss} with the fraction's trailing zeros dropped, {@code 00:00:00} for
 * zero. A field after a negative one is written with an explicit {@code +} when positive
 * ({@code -1 days +02:00:00}).
 *
 * <p>Input: an optional {@code @}, then fields: a number and a unit ({@code 3 days},
 * {@code 1.5 hours}, {@code 2weeks}; the units and abbreviations of PostgreSQL's table), a time
 * {@code [-]h:mm[:ss[.ffffff]]}, a number before a time counts days ({@code 1 2:03:04}), a
 * lone number counts seconds, and a final {@code ago} negates everything. ISO 8601's
 * designator form {@code P1Y2M3DT4H5M6S} is read too. Fractions spill into the smaller fields
 * as PostgreSQL spills them: a fractional year into months, a fractional month into days of
 * 30, a fractional day into microseconds. Other text is 22007, a field past its range 22008.
 */
public final class IntervalText {
    private static final Pattern TOKEN = Pattern.compile(
            "([+-]?\\d+:\\d+(?::\\d+(?:\\.\\d*)?)?)|([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))|([a-z]+)");

    private IntervalText() {
    }

    /** interval_out. */
    public static String format(Interval v) {
        StringBuilder sb = new StringBuilder();
        boolean[] state = {true, false}; // is_zero, is_before
        int year = v.months() / Interval.MONTHS_PER_YEAR;
        int month = v.months() % Interval.MONTHS_PER_YEAR;
        addPart(sb, year, "year", state);
        addPart(sb, month, "mon", state);
        addPart(sb, v.days(), "day", state);
        long time = v.micros();
        if (state[0] || time != 0) {
            long hour = time / Interval.MICROS_PER_HOUR;
            time -= hour * Interval.MICROS_PER_HOUR;
            long min = time / Interval.MICROS_PER_MINUTE;
            time -= min * Interval.MICROS_PER_MINUTE;
            long sec = time / Interval.MICROS_PER_SECOND;
            long fsec = time - sec * Interval.MICROS_PER_SECOND;
            boolean minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
            if (!state[0]) {
                sb.append(' ');
            }
            sb.append(minus ? "-" : state[1] ? "+" : "");
            twoDigits(sb, Math.abs(hour)).append(':');
            twoDigits(sb, Math.abs(min)).append(':');
            twoDigits(sb, Math.abs(sec));
            if (fsec != 0) {
                String f = String.format(Locale.ROOT, "%06d", Math.abs(fsec));
                int end = f.length();
                while (f.charAt(end - 1) == '0') {
                    end--;
                }
                sb.append('.').append(f, 0, end);
            }
        }
        return sb.toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, long n) {
        if (n < 10) {
            sb.append('0');
        }
        return sb.append(n);
    }

    /** AddPostgresIntPart: each nonzero field sets "is before" for the next one only. */
    private static void addPart(StringBuilder sb, long value, String unit, boolean[] state) {
        if (value == 0) {
            return;
        }
        if (!state[0]) {
            sb.append(' ');
        }
        if (state[1] && value > 0) {
            sb.append('+');
        }
        sb.append(value).append(' ').append(unit);
        if (value != 1) {
            sb.append('s');
        }
        state[1] = value < 0;
        state[0] = false;
    }

    /** interval_in. */
    public static Interval parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("@")) {
            s = s.substring(1).strip();
        }
        if (s.startsWith("p")) {
            return parseIso(s, text);
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        int at = 0;
        while (at < s.length()) {
            if (Character.isWhitespace(s.charAt(at))) {
                at++;
                continue;
            }
            if (!m.find(at) || m.start() != at) {
                throw invalid(text);
            }
            tokens.add(m.group());
            at = m.end();
        }
        if (tokens.isEmpty()) {
            throw invalid(text);
        }
        Fields f = new Fields(text);
        boolean ago = false;
        boolean any = false;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (ago) {
                throw invalid(text);
            }
            if (t.indexOf(':') >= 0) {
                f.time(t);
            } else if (Character.isLetter(t.charAt(0))) {
                if (!t.equals("ago") || !any) {
                    throw invalid(text);
                }
                ago = true;
                continue;
            } else {
                String next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                if (next != null && Character.isLetter(next.charAt(0)) && !next.equals("ago")) {
                    f.add(t, unit(next, text));
                    i++;
                } else if (next != null && next.indexOf(':') >= 0) {
                    f.add(t, Unit.DAY);
                } else {
                    f.add(t, Unit.SECOND);
                }
            }
            any = true;
        }
        Interval v = f.result();
        return ago ? negate(v) : v;
    }

    /** Unary minus; 22008 when a field is at its most negative value. */
    public static Interval negate(Interval v) {
        if (v.months() == Integer.MIN_VALUE || v.days() == Integer.MIN_VALUE || v.micros() == Long.MIN_VALUE) {
            throw outOfRange();
        }
        return new Interval(-v.months(), -v.days(), -v.micros());
    }

    static SqlException outOfRange() {
        return new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "interval out of range");
    }

    private static SqlException invalid(String text) {
        return new SqlException("22007", "invalid input syntax for type interval: \"" + text + "\"");
    }

    enum Unit {
        MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, YEAR, DECADE, CENTURY, MILLENNIUM
    }

    private static Unit unit(String word, String text) {
        return switch (word) {
            case "microsecond", "microseconds", "microsecon", "us", "usec", "usecs", "useconds" -> Unit.MICROSECOND;
            case "millisecond", "milliseconds", "millisecon", "ms", "msec", "msecs", "mseconds" -> Unit.MILLISECOND;
            case "second", "seconds", "s", "sec", "secs" -> Unit.SECOND;
            case "minute", "minutes", "m", "min", "mins" -> Unit.MINUTE;
            case "hour", "hours", "h", "hr", "hrs" -> Unit.HOUR;
            case "day", "days", "d" -> Unit.DAY;
            case "week", "weeks", "w" -> Unit.WEEK;
            case "month", "months", "mon", "mons" -> Unit.MONTH;
            case "year", "years", "y", "yr", "yrs" -> Unit.YEAR;
            case "decade", "decades", "dec", "decs" -> Unit.DECADE;
            case "century", "centuries", "c", "cent" -> Unit.CENTURY;
            case "millennium", "millennia", "mil", "mils", "millenniums" -> Unit.MILLENNIUM;
            default -> throw invalid(text);
        };
    }

    /** ISO 8601 designators: {@code P[nY][nM][nW][nD][T[nH][nM][nS]]}. */
    private static Interval parseIso(String s, String text) {
        Matcher m = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))([a-z])").matcher(s);
        Fields f = new Fields(text);
        boolean time = false;
        int at = 1;
        boolean any = false;
        while (at < s.length()) {
            if (s.charAt(at) == 't' && !time) {
                time = true;
                at++;
                continue;
            }
            if (!m.find(at) || m.start() != at) {
                throw invalid(text);
            }
            Unit u = switch (m.group(2)) {
                case "y" -> time ? null : Unit.YEAR;
                case "m" -> time ? Unit.MINUTE : Unit.MONTH;
                case "w" -> time ? null : Unit.WEEK;
                case "d" -> time ? null : Unit.DAY;
                case "h" -> time ? Unit.HOUR : null;
                case "s" -> time ? Unit.SECOND : null;
                default -> null;
            };
            if (u == null) {
                throw invalid(text);
            }
            f.add(m.group(1), u);
            any = true;
            at = m.end();
        }
        if (!any) {
            throw invalid(text);
        }
        return f.result();
    }

    /** The fields being summed, PostgreSQL's pg_itm_in, with its rules for fractions. */
    private static final class Fields {
        private final String text;
        private final java.util.EnumSet<Unit> seen = java.util.EnumSet.noneOf(Unit.class);
        private boolean time;
        private long months;
        private long days;
        private long micros;

        Fields(String text) {
            this.text = text;
        }

        void add(String number, Unit unit) {
            double value;
            try {
                value = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            if (Double.isInfinite(value) || Math.abs(value) > 1e18) {
                throw fieldOverflow();
            }
            long whole = (long) value;
            double frac = value - whole;
            if (!seen.add(unit) || (unit == Unit.SECOND || unit == Unit.MINUTE || unit == Unit.HOUR) && time) {
                throw invalid(text);
            }
            if (unit.compareTo(Unit.DAY) >= 0 && whole != (int) whole) {
                throw fieldOverflow();
            }
            switch (unit) {
                case MICROSECOND -> addMicros(whole, frac, 1);
                case MILLISECOND -> addMicros(whole, frac, 1_000);
                case SECOND -> addMicros(whole, frac, Interval.MICROS_PER_SECOND);
                case MINUTE -> addMicros(whole, frac, Interval.MICROS_PER_MINUTE);
                case HOUR -> addMicros(whole, frac, Interval.MICROS_PER_HOUR);
                case DAY -> {
                    days = checked(days + whole);
                    fractMicros(frac, Interval.MICROS_PER_DAY);
                }
                case WEEK -> {
                    days = checked(days + whole * 7);
                    fractDays(frac, 7);
                }
                case MONTH -> {
                    months = checked(months + whole);
                    fractDays(frac, Interval.DAYS_PER_MONTH);
                }
                case YEAR -> years(whole, frac, 1);
                case DECADE -> years(whole, frac, 10);
                case CENTURY -> years(whole, frac, 100);
                case MILLENNIUM -> years(whole, frac, 1000);
            }
        }

        private void years(long whole, double frac, int scale) {
            months = checked(months + whole * scale * Interval.MONTHS_PER_YEAR);
            months = checked(months + (long) Math.rint(frac * scale * Interval.MONTHS_PER_YEAR));
        }

        private void addMicros(long whole, double frac, long scale) {
            try {
                micros = Math.addExact(micros, Math.multiplyExact(whole, scale));
            } catch (ArithmeticException e) {
                throw outOfRange();
            }
            fractMicros(frac, scale);
        }

        private void fractDays(double frac, int scale) {
            if (frac == 0) {
                return;
            }
            double f = frac * scale;
            long extra = (long) f;
            days = checked(days + extra);
            fractMicros(f - extra, Interval.MICROS_PER_DAY);
        }

        private void fractMicros(double frac, long scale) {
            if (frac == 0) {
                return;
            }
            double f = frac * scale;
            long usec = (long) f;
            usec += (long) Math.rint(f - usec);
            try {
                micros = Math.addExact(micros, usec);
            } catch (ArithmeticException e) {
                throw fieldOverflow();
            }
        }

        /** {@code [+-]h:mm[:ss[.f]]}: the sign applies to every part. */
        void time(String t) {
            if (time || seen.contains(Unit.HOUR) || seen.contains(Unit.MINUTE) || seen.contains(Unit.SECOND)) {
                throw invalid(text);
            }
            time = true;
            boolean negative = t.startsWith("-");
            String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            String[] parts = body.split(":");
            long h;
            long m;
            double sec = 0;
            try {
                h = Long.parseLong(parts[0]);
                m = Long.parseLong(parts[1]);
                if (parts.length > 2) {
                    sec = Double.parseDouble(parts[2]);
                }
            } catch (NumberFormatException e) {
                throw fieldOverflow();
            }
            if (m > 59 || sec >= 60) {
                throw fieldOverflow();
            }
            int sign = negative ? -1 : 1;
            try {
                // Summed with the sign applied to each part, so the most negative value is reachable.
                long total = Math.multiplyExact(h, sign * Interval.MICROS_PER_HOUR);
                total = Math.addExact(total, sign * m * Interval.MICROS_PER_MINUTE);
                total = Math.addExact(total, sign * (long) Math.rint(sec * Interval.MICROS_PER_SECOND));
                micros = Math.addExact(micros, total);
            } catch (ArithmeticException e) {
                throw fieldOverflow();
            }
        }

        /** A sum of fields past the range of its field: 22008, as PostgreSQL reports it. */
        private long checked(long v) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw outOfRange();
            }
            return v;
        }

        /** One field's value past its range: 22015. */
        private SqlException fieldOverflow() {
            return new SqlException("22015", "interval field value out of range: \"" + text + "\"");
        }

        Interval result() {
            return new Interval((int) checked(months), (int) checked(days), micros);
        }
    }
}
