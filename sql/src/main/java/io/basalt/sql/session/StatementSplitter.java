package io.basalt.sql.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-query string into statements at top-level semicolons, the way
 * PostgreSQL's lexer sees them: semicolons inside '...' (with '' escapes), E'...' (with
 * backslash escapes), "..." identifiers, $tag$...$tag$ bodies, -- line comments and nested
 * /* block comments *&#47; do not split. Statements that are empty or only comments are dropped;
 * a string with no statement at all yields an empty list (EmptyQueryResponse).
 */
public final class StatementSplitter {
    private StatementSplitter() {
    }

    /** One statement's text and its 0-based offset in the whole string (for error positions). */
    public record Piece(String sql, int offset) {
    }

    public static List<Piece> split(String sql) {
        List<Piece> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        boolean meaningful = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                    && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
                i = skipQuoted(sql, i, '\'', escapes);
                meaningful = true;
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"', false);
                meaningful = true;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = SqlLexer.blockCommentEnd(sql, i);
            } else if (c == '$' && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                int end = dollarTagEnd(sql, i);
                if (end > 0) {
                    String tag = sql.substring(i, end);
                    int close = sql.indexOf(tag, end);
                    i = close < 0 ? n : close + tag.length();
                } else {
                    i++;
                }
                meaningful = true;
            } else if (c == ';') {
                if (meaningful) {
                    out.add(new Piece(sql.substring(start, i), start));
                }
                start = i + 1;
                meaningful = false;
                i++;
            } else {
                if (!Character.isWhitespace(c)) {
                    meaningful = true;
                }
                i++;
            }
        }
        if (meaningful) {
            out.add(new Piece(sql.substring(start), start));
        }
        return out;
    }

    private static int skipQuoted(String s, int i, char quote, boolean backslashEscapes) {
        int j = i + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < s.length() && s.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return s.length();
    }

    /** If a dollar-quote opening tag ($$ or $name$) starts at {@code i}, the index after it; else -1. */
    private static int dollarTagEnd(String s, int i) {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            if (j == i + 1 && Character.isDigit(s.charAt(j))) {
                return -1; // $1 is a parameter, not a tag
            }
            j++;
        }
        return j < s.length() && s.charAt(j) == '$' ? j + 1 : -1;
    }
}
