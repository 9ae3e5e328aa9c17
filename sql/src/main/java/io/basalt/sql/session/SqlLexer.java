package io.basalt.sql.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a statement into tokens by PostgreSQL's lexical rules (scan.l), so that the front end
 * can find operators and clauses JSqlParser does not read without ever looking inside a
 * string, a quoted name, a dollar-quoted body or a comment. Whitespace and comments are not
 * tokens; every token keeps its offsets in the statement.
 */
final class SqlLexer {
    /** Characters an operator is made of. */
    private static final String OPERATOR_CHARS = "~!@#^&|`?+-*/%<>=";
    /** Characters that let a multi-character operator end in + or -; without one, "=-" is two tokens. */
    private static final String NON_SQL_OPERATOR_CHARS = "~!@#^&|`?%";

    enum Kind {
        /** A keyword or an unquoted name. */
        WORD,
        QUOTED_NAME,
        /** Any string constant: '...', E'...', B'...', X'...', U&'...', $tag$...$tag$. */
        STRING,
        NUMBER,
        /** A parameter: $1. */
        PARAM,
        OPERATOR,
        /** One of ( ) [ ] , ; . : or ::, or a character no other kind takes. */
        PUNCT
    }

    /** The token {@code sql.substring(start, end)}. */
    record Token(Kind kind, int start, int end) {
    }

    private SqlLexer() {
    }

    /** The tokens of {@code sql} in order. An unterminated string or comment runs to the end. */
    static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (sql.startsWith("/*", i)) {
                i = blockCommentEnd(sql, i);
            } else {
                Token t = token(sql, i);
                out.add(t);
                i = t.end();
            }
        }
        return out;
    }

    private static Token token(String sql, int i) {
        char c = sql.charAt(i);
        char next = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
        if (c == '\'') {
            return new Token(Kind.STRING, i, quotedEnd(sql, i, false));
        }
        if (c == '"') {
            return new Token(Kind.QUOTED_NAME, i, quotedEnd(sql, i, false));
        }
        if (next == '\'' && "eEbBxXnN".indexOf(c) >= 0) {
            return new Token(Kind.STRING, i, quotedEnd(sql, i + 1, c == 'e' || c == 'E'));
        }
        if ((c == 'u' || c == 'U') && next == '&' && i + 2 < sql.length()
            && (sql.charAt(i + 2) == '\'' || sql.charAt(i + 2) == '"')) {
            Kind kind = sql.charAt(i + 2) == '\'' ? Kind.STRING : Kind.QUOTED_NAME;
            return new Token(kind, i, quotedEnd(sql, i + 2, false));
        }
        if (isWordStart(c)) {
            int j = i + 1;
            while (j < sql.length() && (isWordStart(sql.charAt(j)) || isDigit(sql.charAt(j)) || sql.charAt(j) == '$')) {
                j++;
            }
            return new Token(Kind.WORD, i, j);
        }
        if (isDigit(c) || (c == '.' && isDigit(next))) {
            return new Token(Kind.NUMBER, i, numberEnd(sql, i));
        }
        if (c == '$') {
            return dollar(sql, i);
        }
        if (c == ':' && next == ':') {
            return new Token(Kind.PUNCT, i, i + 2);
        }
        if (OPERATOR_CHARS.indexOf(c) >= 0) {
            return new Token(Kind.OPERATOR, i, operatorEnd(sql, i));
        }
        return new Token(Kind.PUNCT, i, i + 1);
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The end of '...' or "..." opening at {@code i}: a doubled quote stays inside, as does \x in E'...'. */
    private static int quotedEnd(String s, int i, boolean backslashEscapes) {
        char quote = s.charAt(i);
        int j = i + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
            } else if (c == quote && j + 1 < s.length() && s.charAt(j + 1) == quote) {
                j += 2;
            } else if (c == quote) {
                return j + 1;
            } else {
                j++;
            }
        }
        return s.length();
    }

    /** The index after the block comment that starts at {@code i}; block comments nest, as in PostgreSQL. */
    static int blockCommentEnd(String s, int i) {
        int depth = 0;
        int j = i;
        while (j < s.length()) {
            if (s.startsWith("/*", j)) {
                depth++;
                j += 2;
            } else if (s.startsWith("*/", j)) {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return s.length();
    }

    private static int numberEnd(String s, int i) {
        int j = digitsEnd(s, i);
        if (j < s.length() && s.charAt(j) == '.' && !s.startsWith("..", j)) {
            j = digitsEnd(s, j + 1);
        }
        if (j < s.length() && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < s.length() && isDigit(s.charAt(k))) {
                j = digitsEnd(s, k);
            }
        }
        return j;
    }

    private static int digitsEnd(String s, int i) {
        int j = i;
        while (j < s.length() && isDigit(s.charAt(j))) {
            j++;
        }
        return j;
    }

    /** $1 is a parameter, $tag$ or $$ opens a dollar-quoted string running to the same tag; else $ alone. */
    private static Token dollar(String s, int i) {
        int j = i + 1;
        if (j < s.length() && isDigit(s.charAt(j))) {
            while (j < s.length() && isDigit(s.charAt(j))) {
                j++;
            }
            return new Token(Kind.PARAM, i, j);
        }
        while (j < s.length() && (isWordStart(s.charAt(j)) || isDigit(s.charAt(j)))) {
            j++;
        }
        if (j < s.length() && s.charAt(j) == '$') {
            String tag = s.substring(i, j + 1);
            int close = s.indexOf(tag, j + 1);
            return new Token(Kind.STRING, i, close < 0 ? s.length() : close + tag.length());
        }
        return new Token(Kind.PUNCT, i, i + 1);
    }

    /**
     * The end of the operator starting at {@code i}: the longest run of operator characters,
     * cut before a comment start, then without trailing + and - unless it holds a character
     * SQL's own operators lack (so "*-1" is "*" then "-", while "@-" stays one operator).
     */
    private static int operatorEnd(String s, int i) {
        int j = i;
        while (j < s.length() && OPERATOR_CHARS.indexOf(s.charAt(j)) >= 0) {
            if (j > i && (s.startsWith("--", j) || s.startsWith("/*", j))) {
                break;
            }
            j++;
        }
        if (j - i > 1 && (s.charAt(j - 1) == '+' || s.charAt(j - 1) == '-')) {
            boolean nonSql = false;
            for (int k = i; k < j - 1; k++) {
                nonSql |= NON_SQL_OPERATOR_CHARS.indexOf(s.charAt(k)) >= 0;
            }
            while (!nonSql && j - i > 1 && (s.charAt(j - 1) == '+' || s.charAt(j - 1) == '-')) {
                j--;
            }
        }
        return j;
    }
}
