package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import java.util.regex.Pattern;

/** A LIKE or ILIKE pattern ({@code %} any run, {@code _} any one character) compiled to a regular expression. */
public final class LikePattern {
    private final Pattern regex;

    private LikePattern(Pattern regex) {
        this.regex = regex;
    }

    /** Compiles {@code pattern}; {@code escape} null means no escape character. */
    public static LikePattern compile(String pattern, Character escape, boolean caseInsensitive) {
        StringBuilder re = new StringBuilder(pattern.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (escape != null && ch == escape) {
                if (i + 1 >= pattern.length()) {
                    throw new SqlException("22025", "LIKE pattern must not end with escape character");
                }
                literal.append(pattern.charAt(++i));
            } else if (ch == '%' || ch == '_') {
                flush(literal, re);
                re.append(ch == '%' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        flush(literal, re);
        int flags = Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return new LikePattern(Pattern.compile(re.toString(), flags));
    }

    private static void flush(StringBuilder literal, StringBuilder re) {
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    public boolean matches(String s) {
        return regex.matcher(s).matches();
    }
}
