package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's text form of a one-dimensional array, {@code {1,NULL,"a b"}}: the form Basalt
 * keeps array values in (see {@link ArrayExprs}). Elements are the text of their values, or
 * null; an element is quoted when it is empty, is {@code NULL} in any case, or holds a brace,
 * comma, quote, backslash or white space, with quotes and backslashes escaped by a backslash.
 */
public final class ArrayText {
    private ArrayText() {
    }

    /** The elements of {@code text}; 22P02 when it is no array literal, 0A000 for several dimensions. */
    public static List<String> parse(String text) {
        String s = text.strip();
        if (s.startsWith("[")) {
            throw SqlErrors.notSupported("array dimension decoration");
        }
        if (!s.startsWith("{") || !s.endsWith("}") || s.length() < 2) {
            throw malformed(text);
        }
        List<String> out = new ArrayList<>();
        int i = 1;
        int end = s.length() - 1;
        while (i < end && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i == end) {
            return out;
        }
        while (true) {
            while (i < end && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder element = new StringBuilder();
            boolean quoted = false;
            if (i < end && s.charAt(i) == '"') {
                quoted = true;
                i++;
                while (i < end && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < end) {
                        i++;
                    }
                    element.append(s.charAt(i++));
                }
                if (i >= end) {
                    throw malformed(text);
                }
                i++;
                while (i < end && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
            } else {
                while (i < end && s.charAt(i) != ',') {
                    char ch = s.charAt(i);
                    if (ch == '{') {
                        throw SqlErrors.notSupportedPlural("multidimensional arrays");
                    }
                    if (ch == '"' || ch == '}') {
                        throw malformed(text);
                    }
                    if (ch == '\\' && i + 1 < end) {
                        i++;
                    }
                    element.append(s.charAt(i++));
                }
                String bare = element.toString().strip();
                if (bare.isEmpty()) {
                    throw malformed(text);
                }
                element = new StringBuilder(bare);
            }
            String e = element.toString();
            out.add(!quoted && e.equalsIgnoreCase("NULL") ? null : e);
            if (i == end) {
                return out;
            }
            if (s.charAt(i) != ',') {
                throw malformed(text);
            }
            i++;
        }
    }

    /** The text form of an array of {@code elements} (null for a NULL element). */
    public static String format(List<String> elements) {
        StringBuilder out = new StringBuilder("{");
        for (int k = 0; k < elements.size(); k++) {
            if (k > 0) {
                out.append(',');
            }
            String e = elements.get(k);
            if (e == null) {
                out.append("NULL");
            } else if (needsQuotes(e)) {
                out.append('"').append(e.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                out.append(e);
            }
        }
        return out.append('}').toString();
    }

    private static boolean needsQuotes(String e) {
        if (e.isEmpty() || e.toUpperCase(Locale.ROOT).equals("NULL")) {
            return true;
        }
        for (int i = 0; i < e.length(); i++) {
            char ch = e.charAt(i);
            if (ch == '{' || ch == '}' || ch == ',' || ch == '"' || ch == '\\' || Character.isWhitespace(ch)) {
                return true;
            }
        }
        return false;
    }

    private static SqlException malformed(String text) {
        return new SqlException("22P02", "malformed array literal: \"" + text + "\"");
    }
}
