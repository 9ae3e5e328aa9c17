package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.Interval;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Year;
import java.util.List;

/**
 * justify_hours, justify_days, justify_interval and age, as PostgreSQL 15 computes them.
 * age(a, b) subtracts field by field (years, months, days, then the time), borrowing from the
 * next larger field, and a borrowed month is as long as the month of the earlier argument's
 * date (of a's when a is the earlier); age(a) is age(current_date, a). A timestamp with time
 * zone is taken apart in the session's time zone.
 */
final class IntervalFunctions {
    private static final SqlType I = SqlType.INTERVAL;

    private IntervalFunctions() {
    }

    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "justify_hours", "justify_days", "justify_interval" -> {
                List<Bound> m = Functions.match(c, args, I);
                yield m == null ? null : Functions.strict(m, I, (env, v) -> switch (name) {
                    case "justify_hours" -> justifyHours((Interval) v[0]);
                    case "justify_days" -> justifyDays((Interval) v[0]);
                    default -> justifyInterval((Interval) v[0]);
                });
            }
            case "age" -> age(c, args);
            default -> null;
        };
    }

    private static Bound age(ExprCompiler c, List<Bound> args) {
        if (args.isEmpty() || args.size() > 2) {
            return null;
        }
        boolean plain = args.stream().allMatch(b -> b.isUntyped() || b.type().kind() == TypeKind.TIMESTAMP);
        SqlType t = plain ? SqlType.TIMESTAMP : SqlType.TIMESTAMPTZ;
        List<Bound> m = args.size() == 2 ? Functions.match(c, args, t, t) : Functions.match(c, args, t);
        if (m == null) {
            return null;
        }
        return Functions.strict(m, I, (env, v) -> {
            LocalDateTime b = local(v[v.length - 1], env);
            LocalDateTime a = v.length == 2 ? local(v[0], env)
                    : LocalDateTime.ofInstant(env.ctx().transactionTime(), env.ctx().zone()).toLocalDate().atStartOfDay();
            return age(a, b);
        });
    }

    private static LocalDateTime local(Object v, Env env) {
        return v instanceof Instant i ? LocalDateTime.ofInstant(i, env.ctx().zone()) : (LocalDateTime) v;
    }

    /** timestamp_age. */
    static Interval age(LocalDateTime a, LocalDateTime b) {
        boolean flip = a.isBefore(b);
        int s = flip ? -1 : 1;
        long fsec = s * (long) (a.getNano() / 1000 - b.getNano() / 1000);
        long sec = s * (long) (a.getSecond() - b.getSecond());
        long min = s * (long) (a.getMinute() - b.getMinute());
        long hour = s * (long) (a.getHour() - b.getHour());
        long mday = s * (long) (a.getDayOfMonth() - b.getDayOfMonth());
        long mon = s * (long) (a.getMonthValue() - b.getMonthValue());
        long year = s * ((long) a.getYear() - b.getYear());
        while (fsec < 0) {
            fsec += Interval.MICROS_PER_SECOND;
            sec--;
        }
        while (sec < 0) {
            sec += 60;
            min--;
        }
        while (min < 0) {
            min += 60;
            hour--;
        }
        while (hour < 0) {
            hour += 24;
            mday--;
        }
        LocalDateTime borrowFrom = flip ? a : b;
        while (mday < 0) {
            mday += borrowFrom.getMonth().length(Year.isLeap(borrowFrom.getYear()));
            mon--;
        }
        while (mon < 0) {
            mon += 12;
            year--;
        }
        long months = s * (year * Interval.MONTHS_PER_YEAR + mon);
        long micros = s * (((hour * 60 + min) * 60 + sec) * Interval.MICROS_PER_SECOND + fsec);
        if (months != (int) months) {
            throw new SqlException("22008", "interval out of range");
        }
        return new Interval((int) months, (int) (s * mday), micros);
    }

    static Interval justifyHours(Interval v) {
        long[] daysTime = carry(v.days(), v.micros(), Interval.MICROS_PER_DAY);
        return new Interval(v.months(), checkedInt(daysTime[0]), daysTime[1]);
    }

    static Interval justifyDays(Interval v) {
        long[] monthsDays = carry(v.months(), v.days(), Interval.DAYS_PER_MONTH);
        return new Interval(checkedInt(monthsDays[0]), (int) monthsDays[1], v.micros());
    }

    /**
     * Moves the whole {@code unit}s of {@code low} into {@code high}; what is left of {@code low}
     * then takes {@code high}'s sign, borrowing one unit if needed, as PostgreSQL's justify
     * functions do ({@code -1 day +2 hours} becomes {@code -22 hours}). Returns {high, low}.
     */
    private static long[] carry(long high, long low, long unit) {
        long h = high + low / unit;
        long l = low % unit;
        if (h > 0 && l < 0) {
            l += unit;
            h--;
        } else if (h < 0 && l > 0) {
            l -= unit;
            h++;
        }
        return new long[] {h, l};
    }

    static Interval justifyInterval(Interval v) {
        long months = v.months();
        long days = v.days();
        long time = v.micros();
        if (days > 0 && time > 0 || days < 0 && time < 0) {
            months += days / Interval.DAYS_PER_MONTH;
            days %= Interval.DAYS_PER_MONTH;
        }
        days += time / Interval.MICROS_PER_DAY;
        time %= Interval.MICROS_PER_DAY;
        months += days / Interval.DAYS_PER_MONTH;
        days %= Interval.DAYS_PER_MONTH;
        if (months > 0 && (days < 0 || days == 0 && time < 0)) {
            days += Interval.DAYS_PER_MONTH;
            months--;
        } else if (months < 0 && (days > 0 || days == 0 && time > 0)) {
            days -= Interval.DAYS_PER_MONTH;
            months++;
        }
        if (days > 0 && time < 0) {
            time += Interval.MICROS_PER_DAY;
            days--;
        } else if (days < 0 && time > 0) {
            time -= Interval.MICROS_PER_DAY;
            days++;
        }
        return new Interval(checkedInt(months), checkedInt(days), time);
    }

    private static int checkedInt(long v) {
        if (v != (int) v) {
            throw new SqlException("22008", "interval out of range");
        }
        return (int) v;
    }
}
