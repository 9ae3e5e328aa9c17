package io.basalt.sql.types;

/**
 * The length modifiers of character varying(n) and character(n). Lengths count characters
 * (Unicode code points), not bytes or UTF-16 units, as PostgreSQL does in a UTF-8 database.
 * A character(n) value is held padded with spaces to n; its trailing spaces carry no meaning
 * in comparison, hashing or keys.
 */
final class StringTypes {
    private StringTypes() {
    }

    /**
     * Input and assignment: a string longer than n is an error (22001) unless everything past
     * the n-th character is spaces, which are then cut; character(n) is padded to n.
     */
    static String applyForInput(String s, SqlType type) {
        return apply(s, type, false);
    }

    /** Explicit cast: a string longer than n is silently cut to n; character(n) is padded to n. */
    static String applyForExplicitCast(String s, SqlType type) {
        return apply(s, type, true);
    }

    private static String apply(String s, SqlType type, boolean truncate) {
        int n = type.length();
        if (s == null || n < 0 || (type.kind() != TypeKind.VARCHAR && type.kind() != TypeKind.BPCHAR)) {
            return s;
        }
        int chars = s.codePointCount(0, s.length());
        if (chars > n) {
            int cut = s.offsetByCodePoints(0, n);
            if (!truncate) {
                for (int i = cut; i < s.length(); i++) {
                    if (s.charAt(i) != ' ') {
                        throw TypeErrors.tooLong(type);
                    }
                }
            }
            return s.substring(0, cut);
        }
        return type.kind() == TypeKind.BPCHAR ? pad(s, chars, n) : s;
    }

    /** The character(n) value padded with spaces to n characters (unchanged without n). */
    static String pad(String s, SqlType type) {
        int n = type.length();
        if (n < 0) {
            return s;
        }
        return pad(s, s.codePointCount(0, s.length()), n);
    }

    private static String pad(String s, int chars, int n) {
        if (chars >= n) {
            return s;
        }
        return s + " ".repeat(n - chars);
    }

    /** The significant part of a character(n) value: without its trailing spaces. */
    static String stripPadding(String s) {
        int e = s.length();
        while (e > 0 && s.charAt(e - 1) == ' ') {
            e--;
        }
        return s.substring(0, e);
    }
}
