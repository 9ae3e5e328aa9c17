package io.basalt.sql.types;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits date/time input into fields the way PostgreSQL's ParseDateTime does, in the subset
 * Basalt accepts: a date field of three parts joined by '-', '/' or '.'
 * ({@code 2024-01-31}, {@code 01/31/2024}, {@code 31-jan-2024}), a time field with colons
 * ({@code 13:45:00.5}), a plain number, a word, or a signed zone offset ({@code +05:30}).
 * Spaces and commas separate fields; input is lower-cased first.
 */
final class DateTimeTokens {
    enum Kind { DATE, TIME, NUMBER, WORD, OFFSET }

    /** One field; {@code parts} holds the three parts of a DATE field. */
    record Token(Kind kind, String text, List<String> parts) {
    }

    /** Thrown for input that is not a sequence of fields; the caller reports invalid syntax. */
    static final class SyntaxError extends Exception {
        SyntaxError() {
            super(null, null, false, false);
        }
    }

    private final String s;
    private int i;

    private DateTimeTokens(String lowerCased) {
        this.s = lowerCased;
    }

    static List<Token> split(String lowerCased) throws SyntaxError {
        return new DateTimeTokens(lowerCased).run();
    }

    private List<Token> run() throws SyntaxError {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == ',' || IntegerText.isSpace(c)) {
                i++;
            } else if (isDigit(c)) {
                out.add(number());
            } else if (isLetter(c)) {
                out.add(word());
            } else if (c == '+' || c == '-') {
                int start = i++;
                while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == ':')) {
                    i++;
                }
                if (i == start + 1) {
                    throw new SyntaxError();
                }
                out.add(new Token(Kind.OFFSET, s.substring(start, i), List.of()));
            } else {
                throw new SyntaxError();
            }
        }
        return out;
    }

    private Token number() throws SyntaxError {
        int start = i;
        int n = s.length();
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        if (i < n && s.charAt(i) == ':') {
            while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '.')) {
                i++;
            }
            return new Token(Kind.TIME, s.substring(start, i), List.of());
        }
        if (i < n && isDateDelimiter(s.charAt(i))) {
            i = start;
            return dateField();
        }
        return new Token(Kind.NUMBER, s.substring(start, i), List.of());
    }

    private Token word() throws SyntaxError {
        int start = i;
        int n = s.length();
        while (i < n && isLetter(s.charAt(i))) {
            i++;
        }
        String letters = s.substring(start, i);
        if (i + 1 < n && isDateDelimiter(s.charAt(i)) && DateTimeWords.month(letters) != 0
                && (isDigit(s.charAt(i + 1)) || isLetter(s.charAt(i + 1)))) {
            i = start;
            return dateField();
        }
        // Zone names such as america/new_york or etc/gmt+5 continue past the letters.
        while (i < n && (isLetter(s.charAt(i)) || s.charAt(i) == '/' || s.charAt(i) == '_'
                || (s.substring(start, i).contains("/") && (isDigit(s.charAt(i)) || s.charAt(i) == '+' || s.charAt(i) == '-')))) {
            i++;
        }
        return new Token(Kind.WORD, s.substring(start, i), List.of());
    }

    /** Three digit-or-letter runs joined by one repeated delimiter. */
    private Token dateField() throws SyntaxError {
        int start = i;
        int n = s.length();
        List<String> parts = new ArrayList<>(3);
        char delimiter = 0;
        while (true) {
            int partStart = i;
            if (i < n && isDigit(s.charAt(i))) {
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
            } else {
                while (i < n && isLetter(s.charAt(i))) {
                    i++;
                }
            }
            if (i == partStart) {
                throw new SyntaxError();
            }
            parts.add(s.substring(partStart, i));
            if (parts.size() == 3 || i + 1 >= n || !isDateDelimiter(s.charAt(i))) {
                break;
            }
            if (delimiter != 0 && s.charAt(i) != delimiter) {
                throw new SyntaxError();
            }
            delimiter = s.charAt(i);
            i++;
        }
        if (parts.size() != 3) {
            throw new SyntaxError();
        }
        return new Token(Kind.DATE, s.substring(start, i), List.copyOf(parts));
    }

    private static boolean isDateDelimiter(char c) {
        return c == '-' || c == '/' || c == '.';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }
}
