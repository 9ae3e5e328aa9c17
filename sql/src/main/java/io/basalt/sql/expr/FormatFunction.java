package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import io.basalt.sql.types.TypeKind;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * format(formatstr, args...), PostgreSQL's printf. A specifier is
 * {@code %[position$][-][width]type}: the position picks an argument (counting from 1, and the
 * following specifiers go on from it), {@code -} pads on the right, the width is digits,
 * {@code *} (the next argument) or {@code *n$}, and a negative width argument pads on the right
 * too. The type is {@code s} (the value's output text), {@code I} (quoted as an identifier) or
 * {@code L} (quoted as a literal); {@code %%} is a percent sign. Arguments of any type are
 * printed as concat prints them. Not strict: a NULL format gives NULL, and a NULL argument
 * prints nothing for s, NULL for L and fails with 22004 for I. Malformed specifiers and too few
 * arguments are 22023, raised as the scan meets them, as PostgreSQL does.
 */
final class FormatFunction {
    private static final SqlType T = SqlType.TEXT;

    private final String fmt;
    private final Object[] values;
    private final SqlType[] types;
    private final ZoneId zone;
    private final StringBuilder out = new StringBuilder();
    /** Where the scan of {@link #fmt} is. */
    private int pos;
    /** The argument the next specifier without a position takes (1 is the first after the format). */
    private int arg = 1;

    private FormatFunction(String fmt, Object[] values, SqlType[] types, ZoneId zone) {
        this.fmt = fmt;
        this.values = values;
        this.types = types;
        this.zone = zone;
    }

    /** The call, or null unless the first argument is (or converts implicitly to) text. */
    static Bound call(ExprCompiler c, List<Bound> args) {
        List<Bound> format = args.isEmpty() ? null : Functions.match(c, args.subList(0, 1), T);
        if (format == null) {
            return null;
        }
        List<Bound> typed = new ArrayList<>(format);
        // Untyped literals and parameters are read as text, as PostgreSQL reads them for "any".
        for (Bound a : args.subList(1, args.size())) {
            typed.add(a.isUntyped() ? Coercion.implicit(a, T, c.params()) : a);
        }
        Expr[] exprs = typed.stream().map(Bound::expr).toArray(Expr[]::new);
        SqlType[] types = typed.stream().map(b -> b.isUnknown() ? T : b.type()).toArray(SqlType[]::new);
        return Bound.over((env, row) -> {
            Object[] values = new Object[exprs.length];
            for (int i = 0; i < exprs.length; i++) {
                values[i] = exprs[i].eval(env, row);
            }
            return values[0] == null ? null : format((String) values[0], values, types, env.ctx().zone());
        }, T, typed.toArray(Bound[]::new));
    }

    /** {@code fmt} filled from {@code values[1..]} (values[0] is the format itself), of the given types. */
    static String format(String fmt, Object[] values, SqlType[] types, ZoneId zone) {
        return new FormatFunction(fmt, values, types, zone).run();
    }

    private String run() {
        while (pos < fmt.length()) {
            char ch = fmt.charAt(pos);
            if (ch != '%') {
                out.append(ch);
                pos++;
                continue;
            }
            advance();
            if (fmt.charAt(pos) == '%') {
                out.append('%');
                pos++;
                continue;
            }
            specifier();
            pos++;
        }
        return out.toString();
    }

    /** One specifier, the scan just past its %; leaves the scan on its type letter. */
    private void specifier() {
        int argPos = -1;
        int widthPos = -1;
        boolean minus = false;
        int width = 0;
        Integer n = digits();
        if (n != null && fmt.charAt(pos) != '$') {
            width = n;
        } else {
            if (n != null) {
                argPos = position(n);
                advance();
            }
            while (fmt.charAt(pos) == '-') {
                minus = true;
                advance();
            }
            if (fmt.charAt(pos) == '*') {
                advance();
                Integer w = digits();
                widthPos = 0;
                if (w != null) {
                    if (fmt.charAt(pos) != '$') {
                        throw invalid("width argument position must be ended by \"$\"");
                    }
                    widthPos = position(w);
                    advance();
                }
            } else {
                Integer w = digits();
                width = w == null ? 0 : w;
            }
        }
        char type = fmt.charAt(pos);
        if (type != 's' && type != 'I' && type != 'L') {
            throw new SqlException("22023", "unrecognized format() type specifier \""
                    + Character.toString(fmt.codePointAt(pos)) + "\"", null, "For a single \"%\" use \"%%\".", 0, null);
        }
        if (widthPos >= 0) {
            width = widthArgument(take(widthPos));
        }
        int i = take(argPos);
        pad(convert(type, values[i], types[i]), minus, width);
    }

    /** The argument at {@code position} (or the next one when it is not positive); moves past it. */
    private int take(int position) {
        if (position > 0) {
            arg = position;
        }
        if (arg >= values.length) {
            throw invalid("too few arguments for format()");
        }
        return arg++;
    }

    private static int position(int n) {
        if (n == 0) {
            throw invalid("format specifies argument 0, but arguments are numbered from 1");
        }
        return n;
    }

    /** A width taken from an argument: NULL is no width, other types than integers go through their text. */
    private int widthArgument(int i) {
        Object v = values[i];
        if (v == null) {
            return 0;
        }
        TypeKind k = types[i].kind();
        if (k == TypeKind.INT4 || k == TypeKind.INT2) {
            return ((Number) v).intValue();
        }
        return (Integer) TextCodec.parse(TextCodec.format(v, types[i], zone), SqlType.INT4, zone);
    }

    private String convert(char type, Object v, SqlType t) {
        if (v == null) {
            if (type == 'I') {
                throw new SqlException("22004", "null values cannot be formatted as an SQL identifier");
            }
            return type == 'L' ? "NULL" : "";
        }
        String s = TextCodec.format(v, t, zone);
        return switch (type) {
            case 'I' -> Quoting.ident(s);
            case 'L' -> Quoting.literal(s);
            default -> s;
        };
    }

    /** Appends {@code s} padded with spaces to {@code width} characters; a negative width pads on the right. */
    private void pad(String s, boolean minus, int width) {
        if (width == Integer.MIN_VALUE) {
            throw new SqlException("22003", "number is out of range");
        }
        int spaces = Math.abs(width) - s.codePointCount(0, s.length());
        boolean left = minus || width < 0;
        if (left) {
            out.append(s);
        }
        out.append(" ".repeat(Math.max(0, spaces)));
        if (!left) {
            out.append(s);
        }
    }

    /** Digits at the scan as a number, or null if there are none; the scan moves past them. */
    private Integer digits() {
        int start = pos;
        long value = 0;
        while (fmt.charAt(pos) >= '0' && fmt.charAt(pos) <= '9') {
            value = value * 10 + fmt.charAt(pos) - '0';
            if (value > Integer.MAX_VALUE) {
                throw new SqlException("22003", "number is out of range");
            }
            advance();
        }
        return pos == start ? null : (int) value;
    }

    /** Steps the scan on; a specifier must not run off the end of the format. */
    private void advance() {
        if (++pos >= fmt.length()) {
            throw new SqlException("22023", "unterminated format() type specifier", null,
                    "For a single \"%\" use \"%%\".", 0, null);
        }
    }

    private static SqlException invalid(String message) {
        return new SqlException("22023", message);
    }
}
