package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Functions that make arrays from text: {@code string_to_array(text, delimiter [, null_string])}
 * and {@code regexp_split_to_array(text, pattern)}. Their results are text arrays in the
 * representation of {@link ArrayExprs}.
 */
final class ArrayFunctions {
    private static final SqlType T = SqlType.TEXT;

    private ArrayFunctions() {
    }

    /** The functions above, or null when {@code name} is none of them or the arguments do not match. */
    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "string_to_array" -> {
                List<Bound> m = args.size() == 2 ? Functions.match(c, args, T, T)
                        : Functions.match(c, args, T, T, T);
                yield m == null ? null : stringToArray(m);
            }
            case "regexp_split_to_array" -> {
                List<Bound> m = Functions.match(c, args, T, T);
                yield m == null ? null : Functions.strict(m, ArrayExprs.arrayOf(TypeKind.TEXT),
                        (env, v) -> ArrayText.format(regexpSplit((String) v[0], RegexOps.compile((String) v[1], 0))));
            }
            default -> null;
        };
    }

    /**
     * string_to_array: null for a null string, {} for an empty one; a null delimiter splits
     * into characters, an empty one gives the whole string; elements equal to null_string are
     * NULL.
     */
    private static Bound stringToArray(List<Bound> m) {
        Expr text = m.get(0).expr();
        Expr delimiter = m.get(1).expr();
        Expr nullString = m.size() > 2 ? m.get(2).expr() : (env, row) -> null;
        return Bound.over((env, row) -> {
            String s = (String) text.eval(env, row);
            if (s == null) {
                return null;
            }
            String d = (String) delimiter.eval(env, row);
            String n = (String) nullString.eval(env, row);
            List<String> parts = new ArrayList<>();
            if (s.isEmpty()) {
                return ArrayText.format(parts);
            }
            if (d == null) {
                s.codePoints().forEach(cp -> parts.add(Character.toString(cp)));
            } else if (d.isEmpty()) {
                parts.add(s);
            } else {
                int from = 0;
                for (int at = s.indexOf(d); at >= 0; at = s.indexOf(d, from)) {
                    parts.add(s.substring(from, at));
                    from = at + d.length();
                }
                parts.add(s.substring(from));
            }
            if (n != null) {
                parts.replaceAll(p -> p.equals(n) ? null : p);
            }
            return ArrayText.format(parts);
        }, ArrayExprs.arrayOf(TypeKind.TEXT), m.toArray(Bound[]::new));
    }

    /**
     * The pieces between the matches, as PostgreSQL splits: a match is used only when it
     * starts before the end of the string and ends after the previous match, so empty matches
     * at the ends and right after another match split nothing.
     */
    static List<String> regexpSplit(String s, Pattern p) {
        List<String> parts = new ArrayList<>();
        Matcher matcher = p.matcher(s);
        int previousEnd = 0;
        int searchFrom = 0;
        while (searchFrom <= s.length() && matcher.find(searchFrom)) {
            int start = matcher.start();
            int end = matcher.end();
            if (start < s.length() && end > previousEnd) {
                parts.add(s.substring(previousEnd, start));
                previousEnd = end;
            }
            searchFrom = end == start ? end + 1 : end;
        }
        parts.add(s.substring(previousEnd));
        return parts;
    }
}
