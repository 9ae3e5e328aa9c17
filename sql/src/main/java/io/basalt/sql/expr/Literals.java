package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;

/**
 * Constants: numbers typed by size as PostgreSQL's lexer types them (int4, then int8, then
 * numeric; anything with a point or exponent is numeric), string literals as untyped
 * UNKNOWN, typed literals ({@code DATE '...'}) and the SQL-standard time keywords.
 */
final class Literals {
    private static final BigInteger INT8_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT8_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Literals() {
    }

    static Bound of(Expression e) {
        return switch (e) {
            case LongValue l -> integer(new BigInteger(l.getStringValue()));
            case DoubleValue d -> decimal(d.toString());
            case StringValue s -> untyped(text(s));
            case NullValue n -> untyped(null);
            case BooleanValue b -> Bound.literal(b.getValue(), SqlType.BOOL);
            case DateTimeLiteralExpression d -> typed(d);
            case TimeKeyExpression t -> timeKey(t.getStringValue());
            default -> throw SqlErrors.notSupported("expression \"" + e + "\"");
        };
    }

    /** An integer literal: int4 if it fits, else int8, else numeric. */
    static Bound integer(BigInteger v) {
        if (v.bitLength() < 32) {
            return Bound.literal(v.intValue(), SqlType.INT4);
        }
        if (v.compareTo(INT8_MIN) >= 0 && v.compareTo(INT8_MAX) <= 0) {
            return Bound.literal(v.longValue(), SqlType.INT8);
        }
        return Bound.literal(new BigDecimal(v), SqlType.NUMERIC);
    }

    static Bound decimal(String text) {
        BigDecimal v = new BigDecimal(text);
        if (v.scale() < 0) {
            v = v.setScale(0);
        }
        return Bound.literal(v, SqlType.NUMERIC);
    }

    static Bound untyped(String text) {
        return new Bound((env, row) -> text, SqlType.UNKNOWN, Bound.Kind.UNKNOWN_LITERAL, text, 0, -1,
                new java.util.BitSet(), false, false);
    }

    /** The value of a string literal: doubled quotes undone, and escapes for E'...' strings. */
    static String text(StringValue s) {
        String v = s.getValue().replace("''", "'");
        String prefix = s.getPrefix() == null ? "" : s.getPrefix().toUpperCase(java.util.Locale.ROOT);
        if (prefix.equals("E")) {
            return unescape(v);
        }
        if (!prefix.isEmpty() && !prefix.equals("N")) {
            throw SqlErrors.notSupported(prefix + "'...' string literals");
        }
        return v;
    }

    private static Bound typed(DateTimeLiteralExpression d) {
        String raw = d.getValue();
        String text = raw.startsWith("'") ? raw.substring(1, raw.length() - 1).replace("''", "'") : raw;
        SqlType t = switch (d.getType()) {
            case DATE -> SqlType.DATE;
            case TIMESTAMP -> SqlType.TIMESTAMP;
            case TIMESTAMPTZ -> SqlType.TIMESTAMPTZ;
            default -> throw SqlErrors.notSupported("type " + d.getType().name().toLowerCase(java.util.Locale.ROOT));
        };
        return Bound.of((env, row) -> TextCodec.parse(text, t, env.ctx().zone()), t);
    }

    /** CURRENT_TIMESTAMP and friends: the transaction's start, as now() is. */
    static Bound timeKey(String word) {
        String w = word.toUpperCase(java.util.Locale.ROOT).replaceAll("\\(\\s*\\)$", "");
        return switch (w) {
            case "CURRENT_TIMESTAMP" -> Bound.of((env, row) -> env.ctx().transactionTime(), SqlType.TIMESTAMPTZ);
            case "CURRENT_DATE" -> Bound.of((env, row) -> java.time.LocalDate.ofInstant(env.ctx().transactionTime(),
                    env.ctx().zone()), SqlType.DATE);
            case "LOCALTIMESTAMP" -> Bound.of((env, row) -> java.time.LocalDateTime.ofInstant(
                    env.ctx().transactionTime(), env.ctx().zone()), SqlType.TIMESTAMP);
            default -> throw SqlErrors.notSupported(w);
        };
    }

    /** PostgreSQL's escape string syntax: backslash escapes for control characters, octal, hex and Unicode. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'x' -> i = appendCode(s, i + 1, 16, 2, out) - 1;
                case 'u' -> i = appendCode(s, i + 1, 16, 4, out) - 1;
                case 'U' -> i = appendCode(s, i + 1, 16, 8, out) - 1;
                default -> {
                    if (n >= '0' && n <= '7') {
                        i = appendCode(s, i, 8, 3, out) - 1;
                    } else {
                        out.append(n);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Appends the character coded by up to {@code max} digits at {@code from}; returns the index after them. */
    private static int appendCode(String s, int from, int radix, int max, StringBuilder out) {
        int end = from;
        while (end < s.length() && end - from < max && Character.digit(s.charAt(end), radix) >= 0) {
            end++;
        }
        if (end == from) {
            throw new SqlException("22025", "invalid Unicode escape");
        }
        int code = Integer.parseInt(s.substring(from, end), radix);
        if (code == 0) {
            throw new SqlException("22021", "invalid byte sequence for encoding \"UTF8\": 0x00");
        }
        out.appendCodePoint(code);
        return end;
    }
}
