package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * bytea text forms: output is always hex ({@code \x0a0b}, bytea_output = hex); input is hex
 * (whitespace allowed between digit pairs) or the escape form, where {@code \\} is a
 * backslash, {@code \ooo} an octal byte and every other character stands for its UTF-8 bytes.
 */
final class ByteaText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ByteaText() {
    }

    static String format(byte[] bytes) {
        StringBuilder sb = new StringBuilder(2 + bytes.length * 2);
        sb.append("\\x");
        for (byte b : bytes) {
            sb.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return sb.toString();
    }

    static byte[] parse(String text) {
        if (text.startsWith("\\x")) {
            return parseHex(text);
        }
        return parseEscape(text);
    }

    /** The value of an ASCII hex digit, or -1. */
    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static byte[] parseHex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 2);
        int i = 2;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            int hi = hexDigit(c);
            if (hi < 0) {
                throw invalidHexDigit(text, i);
            }
            if (i + 1 >= n) {
                throw new SqlException(TypeErrors.INVALID_PARAMETER_VALUE, "invalid hexadecimal data: odd number of digits");
            }
            int lo = hexDigit(text.charAt(i + 1));
            if (lo < 0) {
                throw invalidHexDigit(text, i + 1);
            }
            out.write((hi << 4) | lo);
            i += 2;
        }
        return out.toByteArray();
    }

    private static SqlException invalidHexDigit(String text, int at) {
        int end = text.offsetByCodePoints(at, 1);
        return new SqlException(TypeErrors.INVALID_PARAMETER_VALUE,
                "invalid hexadecimal digit: \"" + text.substring(at, end) + "\"");
    }

    private static byte[] parseEscape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c != '\\') {
                int end = text.offsetByCodePoints(i, 1);
                out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            } else if (i + 1 < n && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i += 2;
            } else if (i + 3 < n && isOctal(text, i + 1)) {
                int v = ((text.charAt(i + 1) - '0') << 6) | ((text.charAt(i + 2) - '0') << 3) | (text.charAt(i + 3) - '0');
                out.write(v);
                i += 4;
            } else {
                throw new SqlException(TypeErrors.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type bytea");
            }
        }
        return out.toByteArray();
    }

    private static boolean isOctal(String text, int at) {
        char a = text.charAt(at);
        char b = text.charAt(at + 1);
        char c = text.charAt(at + 2);
        return a >= '0' && a <= '3' && b >= '0' && b <= '7' && c >= '0' && c <= '7';
    }
}
