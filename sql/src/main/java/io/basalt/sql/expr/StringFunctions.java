package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.TrimFunction;

/**
 * Built-in string functions. Positions and lengths count characters (code points), not Java
 * chars, as PostgreSQL counts them in UTF-8 databases.
 */
final class StringFunctions {
    private static final SqlType T = SqlType.TEXT;
    private static final SqlType I = SqlType.INT4;

    private StringFunctions() {
    }

    /** The call of {@code name}, or null if no string function of that name takes these arguments. */
    static Bound call(ExprCompiler c, String name, List<Bound> args, List<String> named) {
        return switch (name) {
            case "length", "char_length", "character_length" -> length(c, args);
            case "octet_length" -> octetLength(c, args);
            case "upper" -> one(c, args, T, s -> s.toUpperCase(Locale.ROOT));
            case "lower" -> one(c, args, T, s -> s.toLowerCase(Locale.ROOT));
            case "initcap" -> one(c, args, T, StringFunctions::initcap);
            case "reverse" -> one(c, args, T, s -> new StringBuilder(s).reverse().toString());
            case "substring", "substr" -> substring(c, args, named);
            case "position" -> named.size() == 2 ? strpos(c, List.of(args.get(1), args.get(0))) : null;
            case "strpos" -> strpos(c, args);
            case "btrim", "ltrim", "rtrim" -> trimCall(c, name, args);
            case "replace" -> fn(c, args, T, (e, v) -> ((String) v[1]).isEmpty() ? v[0]
                    : ((String) v[0]).replace((String) v[1], (String) v[2]), T, T, T);
            case "concat" -> args.isEmpty() ? null : concat(args, false);
            case "concat_ws" -> args.isEmpty() ? null : concat(args, true);
            case "left" -> fn(c, args, T, (e, v) -> left((String) v[0], (Integer) v[1]), T, I);
            case "right" -> fn(c, args, T, (e, v) -> right((String) v[0], (Integer) v[1]), T, I);
            case "lpad", "rpad" -> pad(c, args, name.equals("lpad"));
            case "repeat" -> fn(c, args, T, (e, v) -> ((String) v[0]).repeat(Math.max(0, (Integer) v[1])), T, I);
            case "split_part" -> fn(c, args, T, (e, v) -> splitPart((String) v[0], (String) v[1], (Integer) v[2]),
                    T, T, I);
            case "ascii" -> one(c, args, I, s -> s.isEmpty() ? 0 : s.codePointAt(0));
            case "chr" -> fn(c, args, T, (e, v) -> chr((Integer) v[0]), I);
            case "md5" -> one(c, args, T, StringFunctions::md5);
            case "to_hex" -> toHex(c, args);
            case "translate" -> fn(c, args, T, (e, v) -> translate((String) v[0], (String) v[1], (String) v[2]),
                    T, T, T);
            case "starts_with" -> fn(c, args, SqlType.BOOL, (e, v) -> ((String) v[0]).startsWith((String) v[1]), T, T);
            case "regexp_replace" -> RegexOps.replace(c, args);
            case "format" -> FormatFunction.call(c, args);
            case "quote_ident", "quote_literal", "quote_nullable" -> Quoting.call(c, name, args);
            default -> null;
        };
    }

    /** A strict function of parameter types {@code sig}, or null when the arguments do not match. */
    private static Bound fn(ExprCompiler c, List<Bound> args, SqlType result, Functions.Body body, SqlType... sig) {
        List<Bound> m = Functions.match(c, args, sig);
        return m == null ? null : Functions.strict(m, result, body);
    }

    private static Bound one(ExprCompiler c, List<Bound> args, SqlType result,
                             java.util.function.Function<String, Object> f) {
        return fn(c, args, result, (e, v) -> f.apply((String) v[0]), T);
    }

    private static Bound length(ExprCompiler c, List<Bound> args) {
        if (args.size() == 1 && args.get(0).type().kind() == io.basalt.sql.types.TypeKind.BYTEA) {
            return Functions.strict(args, I, (e, v) -> ((byte[]) v[0]).length);
        }
        return one(c, args, I, s -> s.codePointCount(0, s.length()));
    }

    private static boolean isString(Bound b) {
        return b.type().kind().isString() && !b.isUnknown();
    }

    /** Bytes of the value; a character(n) value counts its padding, which a cast to text would drop. */
    private static Bound octetLength(ExprCompiler c, List<Bound> args) {
        if (args.size() == 1 && args.get(0).type().kind() == io.basalt.sql.types.TypeKind.BYTEA) {
            return Functions.strict(args, I, (e, v) -> ((byte[]) v[0]).length);
        }
        if (args.size() == 1 && args.get(0).type().kind() == io.basalt.sql.types.TypeKind.BPCHAR) {
            int n = args.get(0).type().length();
            return Functions.strict(args, I, (e, v) -> {
                String s = (String) v[0];
                int pad = Math.max(0, n - s.codePointCount(0, s.length()));
                return s.getBytes(StandardCharsets.UTF_8).length + pad;
            });
        }
        return one(c, args, I, s -> s.getBytes(StandardCharsets.UTF_8).length);
    }

    static String chr(int code) {
        if (code == 0) {
            throw new SqlException("54000", "null character not permitted");
        }
        if (code < 0 || code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
            throw new SqlException("54000", "requested character too large for encoding: " + code);
        }
        return new String(Character.toChars(code));
    }

    static String md5(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
    }

    /** to_hex of an int4 shows its 32-bit two's complement, of an int8 its 64-bit one. */
    private static Bound toHex(ExprCompiler c, List<Bound> args) {
        if (args.size() == 1 && args.get(0).type().kind() == io.basalt.sql.types.TypeKind.INT8) {
            return Functions.strict(args, T, (e, v) -> Long.toHexString((Long) v[0]));
        }
        return fn(c, args, T, (e, v) -> Integer.toHexString((Integer) v[0]), I);
    }

    /** Each character of {@code from} becomes the one at its position in {@code to}, or goes if {@code to} is shorter. */
    static String translate(String s, String from, String to) {
        int[] f = from.codePoints().toArray();
        int[] t = to.codePoints().toArray();
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int i = 0;
            while (i < f.length && f[i] != cp) {
                i++;
            }
            if (i == f.length) {
                out.appendCodePoint(cp);
            } else if (i < t.length) {
                out.appendCodePoint(t[i]);
            }
        });
        return out.toString();
    }

    private static Bound substring(ExprCompiler c, List<Bound> args, List<String> named) {
        if (!named.isEmpty() && !(named.size() >= 2 && "from".equalsIgnoreCase(named.get(1))
                && (named.size() == 2 || "for".equalsIgnoreCase(named.get(2))))) {
            throw SqlErrors.notSupported("this form of SUBSTRING");
        }
        if (args.size() == 2 && (args.get(1).isUntyped() || isString(args.get(1)))) {
            return RegexOps.substring(c, args);
        }
        if (args.size() == 2) {
            return fn(c, args, T, (e, v) -> substring((String) v[0], (Integer) v[1], null), T, I);
        }
        return fn(c, args, T, (e, v) -> substring((String) v[0], (Integer) v[1], (Integer) v[2]), T, I, I);
    }

    /** SQL substring: characters {@code start} .. {@code start + count - 1}, clipped to the string. */
    static String substring(String s, int start, Integer count) {
        int len = s.codePointCount(0, s.length());
        long from = Math.max(start, 1);
        long to;
        if (count == null) {
            to = len;
        } else {
            if (count < 0) {
                throw new SqlException("22011", "negative substring length not allowed");
            }
            to = Math.min(len, (long) start + count - 1);
        }
        if (from > to) {
            return "";
        }
        return cpSlice(s, (int) from - 1, (int) to);
    }

    /** Code points [from, to) of {@code s}. */
    static String cpSlice(String s, int from, int to) {
        int a = s.offsetByCodePoints(0, from);
        int b = s.offsetByCodePoints(a, to - from);
        return s.substring(a, b);
    }

    private static Bound strpos(ExprCompiler c, List<Bound> args) {
        return fn(c, args, I, (e, v) -> {
            String s = (String) v[0];
            int i = s.indexOf((String) v[1]);
            return i < 0 ? 0 : s.codePointCount(0, i) + 1;
        }, T, T);
    }

    static Bound trim(ExprCompiler c, TrimFunction t, Scope s) {
        Bound string;
        Bound chars;
        if (t.isUsingFromKeyword()) {
            string = c.compile(t.getFromExpression(), s);
            chars = t.getExpression() == null ? Literals.untyped(" ") : c.compile(t.getExpression(), s);
        } else {
            string = c.compile(t.getExpression(), s);
            chars = Literals.untyped(" ");
        }
        String name = t.getTrimSpecification() == null ? "btrim" : switch (t.getTrimSpecification()) {
            case LEADING -> "ltrim";
            case TRAILING -> "rtrim";
            default -> "btrim";
        };
        Bound b = trimCall(c, name, List.of(string, chars));
        if (b == null) {
            throw SqlErrors.functionDoesNotExist(name, List.of(string.type(), chars.type()));
        }
        return b;
    }

    private static Bound trimCall(ExprCompiler c, String name, List<Bound> args) {
        boolean leading = !name.equals("rtrim");
        boolean trailing = !name.equals("ltrim");
        if (args.size() == 1) {
            return fn(c, args, T, (e, v) -> trim((String) v[0], " ", leading, trailing), T);
        }
        return fn(c, args, T, (e, v) -> trim((String) v[0], (String) v[1], leading, trailing), T, T);
    }

    static String trim(String s, String chars, boolean leading, boolean trailing) {
        int start = 0;
        int end = s.length();
        while (leading && start < end && chars.indexOf(s.codePointAt(start)) >= 0) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (trailing && end > start && chars.indexOf(s.codePointBefore(end)) >= 0) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** concat and concat_ws: arguments of any type in their text form, nulls skipped. */
    private static Bound concat(List<Bound> args, boolean withSeparator) {
        Expr[] exprs = args.stream().map(Bound::expr).toArray(Expr[]::new);
        SqlType[] types = args.stream().map(b -> b.isUnknown() ? T : b.type()).toArray(SqlType[]::new);
        return Bound.over((env, row) -> {
            StringBuilder out = new StringBuilder();
            String sep = null;
            int first = 0;
            if (withSeparator) {
                Object v = exprs[0].eval(env, row);
                if (v == null) {
                    return null;
                }
                sep = TextCodec.format(v, types[0], env.ctx().zone());
                first = 1;
            }
            boolean any = false;
            for (int i = first; i < exprs.length; i++) {
                Object v = exprs[i].eval(env, row);
                if (v == null) {
                    continue;
                }
                if (any && sep != null) {
                    out.append(sep);
                }
                out.append(TextCodec.format(v, types[i], env.ctx().zone()));
                any = true;
            }
            return out.toString();
        }, T, args.toArray(Bound[]::new));
    }

    static String left(String s, int n) {
        int len = s.codePointCount(0, s.length());
        int k = n >= 0 ? Math.min(n, len) : Math.max(0, len + n);
        return cpSlice(s, 0, k);
    }

    static String right(String s, int n) {
        int len = s.codePointCount(0, s.length());
        int k = n >= 0 ? Math.min(n, len) : Math.max(0, len + n);
        return cpSlice(s, len - k, len);
    }

    private static Bound pad(ExprCompiler c, List<Bound> args, boolean left) {
        if (args.size() == 2) {
            return fn(c, args, T, (e, v) -> pad((String) v[0], (Integer) v[1], " ", left), T, I);
        }
        return fn(c, args, T, (e, v) -> pad((String) v[0], (Integer) v[1], (String) v[2], left), T, I, T);
    }

    static String pad(String s, int length, String fill, boolean left) {
        int len = s.codePointCount(0, s.length());
        if (length <= 0) {
            return "";
        }
        if (len >= length || fill.isEmpty()) {
            return cpSlice(s, 0, Math.min(len, length));
        }
        StringBuilder padding = new StringBuilder();
        int fillLen = fill.codePointCount(0, fill.length());
        for (int need = length - len; need > 0; need -= fillLen) {
            padding.append(need >= fillLen ? fill : cpSlice(fill, 0, need));
        }
        return left ? padding + s : s + padding;
    }

    static String splitPart(String s, String delimiter, int n) {
        if (n == 0) {
            throw new SqlException("22023", "field position must not be zero");
        }
        if (delimiter.isEmpty()) {
            return n == 1 || n == -1 ? s : "";
        }
        List<String> parts = List.of(s.split(java.util.regex.Pattern.quote(delimiter), -1));
        int i = n > 0 ? n - 1 : parts.size() + n;
        return i >= 0 && i < parts.size() ? parts.get(i) : "";
    }

    static String initcap(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(inWord ? Character.toLowerCase(cp) : Character.toUpperCase(cp));
            inWord = Character.isLetterOrDigit(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
