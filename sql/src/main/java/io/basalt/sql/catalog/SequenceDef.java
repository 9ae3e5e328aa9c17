package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import java.util.List;
import java.util.Locale;

/**
 * The options of the sequence behind a SERIAL or IDENTITY column, as PostgreSQL's CREATE
 * SEQUENCE has them: the first value, the step, the bounds, and whether it wraps at a bound.
 *
 * <p>{@code restarts} counts TRUNCATE ... RESTART IDENTITY: each restart moves the sequence to
 * a fresh key (see {@link Sequences#key(TableDef, ColumnDef)}), so the restart is a catalog
 * change that commits or rolls back with its statement's transaction, as in PostgreSQL, while
 * handing out values stays non-transactional.
 */
public record SequenceDef(long start, long increment, long min, long max, boolean cycle, int restarts) {
    /** The sequence of a column created without options: 1, 2, 3... up to the type's maximum. */
    static SequenceDef defaults(SqlType type) {
        return new SequenceDef(1, 1, 1, typeMax(type), false, 0);
    }

    /** The sequence of {@code column}: its own options, or the defaults for its type. */
    public static SequenceDef of(ColumnDef column) {
        return column.sequence() != null ? column.sequence() : defaults(column.type());
    }

    /** The same sequence started afresh. */
    SequenceDef restarted() {
        return new SequenceDef(start, increment, min, max, cycle, restarts + 1);
    }

    /**
     * The options written in {@code GENERATED ... AS IDENTITY ( options )}; null fields were not
     * given (NO MINVALUE and NO MAXVALUE mean not given).
     */
    record Options(Long start, Long increment, Long min, Long max, boolean cycle) {
        /** Reads {@code START [WITH] n, INCREMENT [BY] n, [NO] MINVALUE n, [NO] MAXVALUE n, [NO] CYCLE, CACHE n}. */
        static Options parse(String text) {
            List<String> w = List.of(text.strip().split("\\s+"));
            Long start = null;
            Long increment = null;
            Long min = null;
            Long max = null;
            boolean cycle = false;
            int i = 0;
            while (i < w.size() && !w.get(i).isEmpty()) {
                String word = w.get(i++).toUpperCase(Locale.ROOT);
                String next = i < w.size() ? w.get(i).toUpperCase(Locale.ROOT) : "";
                switch (word) {
                    case "START" -> {
                        i += next.equals("WITH") ? 1 : 0;
                        start = number(w, i++);
                    }
                    case "INCREMENT" -> {
                        i += next.equals("BY") ? 1 : 0;
                        increment = number(w, i++);
                    }
                    case "MINVALUE" -> min = number(w, i++);
                    case "MAXVALUE" -> max = number(w, i++);
                    case "CYCLE" -> cycle = true;
                    case "CACHE" -> {
                        if (number(w, i++) < 1) {
                            throw new SqlException("22023", "CACHE (" + w.get(i - 1) + ") must be greater than zero");
                        }
                    }
                    case "NO" -> {
                        if (!List.of("MINVALUE", "MAXVALUE", "CYCLE").contains(next)) {
                            throw syntax(i < w.size() ? w.get(i) : "");
                        }
                        i++;
                    }
                    default -> throw new SqlException("0A000", "identity sequence option " + w.get(i - 1) + " is not supported");
                }
            }
            return new Options(start, increment, min, max, cycle);
        }

        private static long number(List<String> w, int i) {
            if (i >= w.size()) {
                throw syntax("");
            }
            try {
                return Long.parseLong(w.get(i));
            } catch (NumberFormatException e) {
                throw syntax(w.get(i));
            }
        }

        private static SqlException syntax(String near) {
            return new SqlException("42601", near.isEmpty() ? "syntax error at end of input"
                : "syntax error at or near \"" + near + "\"");
        }
    }

    /** The sequence for a column of {@code type} with {@code o}, validated as PostgreSQL's CREATE SEQUENCE validates (22023). */
    static SequenceDef resolve(Options o, SqlType type) {
        long increment = o.increment() == null ? 1 : o.increment();
        if (increment == 0) {
            throw new SqlException("22023", "INCREMENT must not be zero");
        }
        long typeMin = typeMin(type);
        long typeMax = typeMax(type);
        long max = o.max() != null ? o.max() : increment > 0 ? typeMax : -1;
        long min = o.min() != null ? o.min() : increment > 0 ? 1 : typeMin;
        if (max < typeMin || max > typeMax) {
            throw new SqlException("22023", "MAXVALUE (" + max + ") is out of range for sequence data type "
                + type.sqlName());
        }
        if (min < typeMin || min > typeMax) {
            throw new SqlException("22023", "MINVALUE (" + min + ") is out of range for sequence data type "
                + type.sqlName());
        }
        if (min >= max) {
            throw new SqlException("22023", "MINVALUE (" + min + ") must be less than MAXVALUE (" + max + ")");
        }
        long start = o.start() != null ? o.start() : increment > 0 ? min : max;
        if (start < min) {
            throw new SqlException("22023", "START value (" + start + ") cannot be less than MINVALUE (" + min + ")");
        }
        if (start > max) {
            throw new SqlException("22023", "START value (" + start + ") cannot be greater than MAXVALUE (" + max + ")");
        }
        return new SequenceDef(start, increment, min, max, o.cycle(), 0);
    }

    /**
     * The value after {@code last} (null: none handed out yet, so the start); 2200H past a
     * bound unless the sequence cycles, then it wraps to the other bound.
     */
    long after(Long last, String sequenceName) {
        if (last == null) {
            return start;
        }
        long next = 0;
        boolean past;
        try {
            next = Math.addExact(last, increment);
            past = increment > 0 ? next > max : next < min;
        } catch (ArithmeticException e) {
            past = true;
        }
        if (!past) {
            return next;
        }
        if (cycle) {
            return increment > 0 ? min : max;
        }
        throw new SqlException("2200H", "nextval: reached " + (increment > 0 ? "maximum" : "minimum")
            + " value of sequence \"" + sequenceName + "\" (" + (increment > 0 ? max : min) + ")");
    }

    private static long typeMax(SqlType type) {
        return switch (type.kind()) {
            case INT2 -> Short.MAX_VALUE;
            case INT4 -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }

    private static long typeMin(SqlType type) {
        return switch (type.kind()) {
            case INT2 -> Short.MIN_VALUE;
            case INT4 -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }
}
