package io.basalt.sql.types;

/**
 * int2in/int4in/int8in: optional surrounding whitespace, an optional sign and at least one
 * decimal digit. A value that does not fit the type is 22003, anything else malformed 22P02.
 */
final class IntegerText {
    private IntegerText() {
    }

    static Object parse(String text, TypeKind kind) {
        long min = switch (kind) {
            case INT2 -> Short.MIN_VALUE;
            case INT4 -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
        long max = switch (kind) {
            case INT2 -> Short.MAX_VALUE;
            case INT4 -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
        int n = text.length();
        int i = 0;
        while (i < n && isSpace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int start = i;
        // Accumulate negatively, as PostgreSQL does, so the minimum value has no positive twin to overflow.
        long acc = 0;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            int d = text.charAt(i) - '0';
            if (acc < (min + d) / 10) {
                throw TypeErrors.valueOutOfRange(kind.sqlName(), text);
            }
            acc = acc * 10 - d;
            i++;
        }
        if (i == start) {
            throw TypeErrors.invalidSyntax(kind.sqlName(), text);
        }
        while (i < n && isSpace(text.charAt(i))) {
            i++;
        }
        if (i != n) {
            throw TypeErrors.invalidSyntax(kind.sqlName(), text);
        }
        if (!negative) {
            if (acc < -max) {
                throw TypeErrors.valueOutOfRange(kind.sqlName(), text);
            }
            acc = -acc;
        }
        return switch (kind) {
            case INT2 -> (short) acc;
            case INT4 -> (int) acc;
            default -> acc;
        };
    }

    /** C isspace in the C locale: what PostgreSQL skips around numbers. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
