package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.Interval;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.JulianFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.ExtractExpression;

/**
 * date_trunc, EXTRACT (numeric, as in PostgreSQL 14 and later) and pg_sleep. A timestamp with
 * time zone is truncated and taken apart in the session's time zone.
 */
final class DateTimeFunctions {
    private static final SqlType T = SqlType.TEXT;
    /** How long pg_sleep sleeps between checks for cancellation. */
    private static final long SLEEP_SLICE_MS_MAX = 20;

    private DateTimeFunctions() {
    }

    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "date_trunc" -> dateTrunc(c, args);
            case "pg_sleep" -> sleep(c, args);
            default -> null;
        };
    }

    private static Bound dateTrunc(ExprCompiler c, List<Bound> args) {
        if (args.size() != 2) {
            return null;
        }
        // A date becomes timestamp with time zone, the preferred type of its category.
        SqlType t = args.get(1).type().kind() == TypeKind.TIMESTAMP ? SqlType.TIMESTAMP : SqlType.TIMESTAMPTZ;
        List<Bound> m = Functions.match(c, args, T, t);
        if (m == null) {
            return null;
        }
        return Functions.strict(m, t, (env, v) -> {
            String unit = ((String) v[0]).toLowerCase(Locale.ROOT);
            if (v[1] instanceof LocalDateTime ts) {
                return truncate(ts, unit, "timestamp without time zone");
            }
            ZoneId zone = env.ctx().zone();
            LocalDateTime local = LocalDateTime.ofInstant((Instant) v[1], zone);
            return truncate(local, unit, "timestamp with time zone").atZone(zone).toInstant();
        });
    }

    static LocalDateTime truncate(LocalDateTime ts, String unit, String typeName) {
        LocalDate d = ts.toLocalDate();
        return switch (unit) {
            case "microseconds" -> ts.truncatedTo(ChronoUnit.MICROS);
            case "milliseconds" -> ts.truncatedTo(ChronoUnit.MILLIS);
            case "second" -> ts.truncatedTo(ChronoUnit.SECONDS);
            case "minute" -> ts.truncatedTo(ChronoUnit.MINUTES);
            case "hour" -> ts.truncatedTo(ChronoUnit.HOURS);
            case "day" -> d.atStartOfDay();
            case "week" -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
            case "month" -> d.withDayOfMonth(1).atStartOfDay();
            case "quarter" -> LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1).atStartOfDay();
            case "year" -> LocalDate.of(d.getYear(), 1, 1).atStartOfDay();
            case "decade" -> LocalDate.of(Math.floorDiv(d.getYear(), 10) * 10, 1, 1).atStartOfDay();
            case "century" -> LocalDate.of((d.getYear() - 1) / 100 * 100 + 1, 1, 1).atStartOfDay();
            case "millennium" -> LocalDate.of((d.getYear() - 1) / 1000 * 1000 + 1, 1, 1).atStartOfDay();
            default -> throw unitNotRecognized(unit, typeName);
        };
    }

    /** EXTRACT(field FROM source): numeric, with decimals only for seconds, milliseconds and epoch. */
    static Bound extract(ExprCompiler c, ExtractExpression x, Scope s) {
        String field = x.getName().toLowerCase(Locale.ROOT);
        Bound src = c.compile(x.getExpression(), s);
        if (src.isUntyped()) {
            src = Coercion.implicit(src, SqlType.TIMESTAMPTZ, c.params());
        }
        TypeKind k = src.type().kind();
        if (k == TypeKind.INTERVAL) {
            return Functions.strict(List.of(src), SqlType.NUMERIC, (env, v) -> intervalField((Interval) v[0], field));
        }
        if (k != TypeKind.DATE && k != TypeKind.TIMESTAMP && k != TypeKind.TIMESTAMPTZ) {
            throw SqlErrors.functionDoesNotExist("extract", List.of(T, src.type()));
        }
        String typeName = src.type().kind().sqlName();
        return Functions.strict(List.of(src), SqlType.NUMERIC, (env, v) -> switch (v[0]) {
            case LocalDate d -> dateField(d, field, typeName);
            case LocalDateTime ts -> timestampField(ts, ts.toEpochSecond(java.time.ZoneOffset.UTC), field, typeName);
            default -> {
                Instant i = (Instant) v[0];
                yield timestampField(LocalDateTime.ofInstant(i, env.ctx().zone()), i.getEpochSecond(), field,
                        typeName);
            }
        });
    }

    private static BigDecimal timestampField(LocalDateTime ts, long epochSecond, String field, String typeName) {
        long micros = ts.getNano() / 1000;
        return switch (field) {
            case "hour" -> BigDecimal.valueOf(ts.getHour());
            case "minute" -> BigDecimal.valueOf(ts.getMinute());
            case "second" -> BigDecimal.valueOf(ts.getSecond() * 1_000_000L + micros, 6);
            case "milliseconds" -> BigDecimal.valueOf(ts.getSecond() * 1_000_000L + micros, 3);
            case "microseconds" -> BigDecimal.valueOf(ts.getSecond() * 1_000_000L + micros);
            case "epoch" -> BigDecimal.valueOf(epochSecond * 1_000_000L + micros, 6);
            case "julian" -> throw SqlErrors.notSupported("EXTRACT(julian) of a timestamp");
            default -> dateField(ts.toLocalDate(), field, typeName);
        };
    }

    private static BigDecimal dateField(LocalDate d, String field, String typeName) {
        int y = d.getYear();
        long v = switch (field) {
            case "year" -> y;
            case "month" -> d.getMonthValue();
            case "day" -> d.getDayOfMonth();
            case "dow" -> d.getDayOfWeek().getValue() % 7;
            case "isodow" -> d.getDayOfWeek().getValue();
            case "doy" -> d.getDayOfYear();
            case "quarter" -> (d.getMonthValue() - 1) / 3 + 1;
            case "week" -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "isoyear" -> d.get(IsoFields.WEEK_BASED_YEAR);
            case "decade" -> Math.floorDiv(y, 10);
            case "century" -> y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100);
            case "millennium" -> y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000);
            case "epoch" -> d.toEpochDay() * 86_400L;
            case "julian" -> d.getLong(JulianFields.JULIAN_DAY);
            case "hour", "minute", "second", "milliseconds", "microseconds", "timezone", "timezone_hour",
                 "timezone_minute" -> throw new SqlException("0A000",
                    "unit \"" + field + "\" not supported for type " + typeName);
            default -> throw unitNotRecognized(field, typeName);
        };
        return BigDecimal.valueOf(v);
    }

    /** interval_part: the fields as interval_out shows them, each with the sign of its field. */
    private static BigDecimal intervalField(Interval i, String field) {
        long year = i.months() / Interval.MONTHS_PER_YEAR;
        long time = i.micros();
        long secondsMicros = time % Interval.MICROS_PER_MINUTE;
        return switch (field) {
            case "microseconds" -> BigDecimal.valueOf(secondsMicros);
            case "milliseconds" -> BigDecimal.valueOf(secondsMicros, 3);
            case "second" -> BigDecimal.valueOf(secondsMicros, 6);
            case "minute" -> BigDecimal.valueOf(time / Interval.MICROS_PER_MINUTE % 60);
            case "hour" -> BigDecimal.valueOf(time / Interval.MICROS_PER_HOUR);
            case "day" -> BigDecimal.valueOf(i.days());
            case "month" -> BigDecimal.valueOf(i.months() % Interval.MONTHS_PER_YEAR);
            case "quarter" -> BigDecimal.valueOf(i.months() % Interval.MONTHS_PER_YEAR / 3 + 1);
            case "year" -> BigDecimal.valueOf(year);
            case "decade" -> BigDecimal.valueOf(year / 10);
            case "century" -> BigDecimal.valueOf(year / 100);
            case "millennium" -> BigDecimal.valueOf(year / 1000);
            case "epoch" -> {
                // 365.25 days a year and 30 a month, as PostgreSQL counts them, in quarter days.
                long quarterDays = 1461L * (i.months() / Interval.MONTHS_PER_YEAR)
                        + 120L * (i.months() % Interval.MONTHS_PER_YEAR) + 4L * i.days();
                java.math.BigInteger micros = java.math.BigInteger.valueOf(quarterDays * 21_600L)
                        .multiply(java.math.BigInteger.valueOf(1_000_000L)).add(java.math.BigInteger.valueOf(time));
                yield new BigDecimal(micros, 6);
            }
            case "dow", "isodow", "doy", "week", "isoyear", "julian", "timezone", "timezone_hour", "timezone_minute" ->
                    throw new SqlException("0A000", "unit \"" + field + "\" not supported for type interval");
            default -> throw unitNotRecognized(field, "interval");
        };
    }

    private static SqlException unitNotRecognized(String unit, String typeName) {
        return new SqlException("22023", "unit \"" + unit + "\" not recognized for type " + typeName);
    }

    /** pg_sleep(seconds): sleeps in slices so that a cancelled statement stops promptly. */
    private static Bound sleep(ExprCompiler c, List<Bound> args) {
        List<Bound> m = Functions.match(c, args, SqlType.FLOAT8);
        if (m == null) {
            return null;
        }
        // PostgreSQL's result is void, which clients read as an empty string.
        return Functions.strict(m, T, (env, v) -> {
            long deadline = System.nanoTime() + (long) (Math.max(0, (Double) v[0]) * 1e9);
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                env.ctx().checkCancelled();
                try {
                    Thread.sleep(Math.min(SLEEP_SLICE_MS_MAX, Math.max(1, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SqlException("57014", "canceling statement due to user request");
                }
            }
            return "";
        }).withVolatile();
    }
}
