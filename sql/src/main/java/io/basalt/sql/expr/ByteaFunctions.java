package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * encode, decode and convert_to: the conversions between bytea and text. The formats are
 * PostgreSQL's: hex without the {@code \x} prefix, escape (backslash and the bytes outside
 * printable ASCII as {@code \ooo}) and base64 in lines of 76 characters.
 */
final class ByteaFunctions {
    private static final SqlType T = SqlType.TEXT;
    private static final SqlType B = SqlType.BYTEA;
    private static final int BASE64_LINE_CHARS = 76;

    private ByteaFunctions() {
    }

    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "encode" -> fn(c, args, T, (e, v) -> encode((byte[]) v[0], (String) v[1]), B, T);
            case "decode" -> fn(c, args, B, (e, v) -> decode((String) v[0], (String) v[1]), T, T);
            case "convert_to" -> fn(c, args, B, (e, v) -> convertTo((String) v[0], (String) v[1]), T, T);
            default -> null;
        };
    }

    private static Bound fn(ExprCompiler c, List<Bound> args, SqlType result, Functions.Body body, SqlType... sig) {
        List<Bound> m = Functions.match(c, args, sig);
        return m == null ? null : Functions.strict(m, result, body);
    }

    static String encode(byte[] bytes, String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "hex" -> TextCodec.format(bytes, B, null).substring(2);
            case "base64" -> Base64.getMimeEncoder(BASE64_LINE_CHARS, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(bytes);
            case "escape" -> escape(bytes);
            default -> throw unknownEncoding(format);
        };
    }

    private static String escape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int u = b & 0xff;
            if (u == '\\') {
                out.append("\\\\");
            } else if (u == 0 || u >= 0x80) {
                out.append('\\').append((char) ('0' + (u >> 6))).append((char) ('0' + ((u >> 3) & 7)))
                        .append((char) ('0' + (u & 7)));
            } else {
                out.append((char) u);
            }
        }
        return out.toString();
    }

    static byte[] decode(String text, String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "hex" -> (byte[]) TextCodec.parse("\\x" + text, B, null);
            case "base64" -> base64(text);
            case "escape" -> decodeEscape(text);
            default -> throw unknownEncoding(format);
        };
    }

    /** The escape format is bytea's escape input, without its {@code \x} prefix for hex. */
    private static byte[] decodeEscape(String text) {
        if (text.startsWith("\\x")) {
            throw new SqlException("22P02", "invalid input syntax for type bytea");
        }
        return (byte[]) TextCodec.parse(text, B, null);
    }

    private static byte[] base64(String text) {
        ByteArrayOutputStream stripped = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!Character.isWhitespace(ch)) {
                stripped.write(ch);
            }
        }
        try {
            return Base64.getDecoder().decode(stripped.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new SqlException("22023", "invalid base64 sequence");
        }
    }

    private static byte[] convertTo(String text, String encoding) {
        String enc = encoding.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (!enc.equals("UTF8") && !enc.equals("UNICODE")) {
            throw new SqlException("0A000", "conversion to encoding \"" + encoding + "\" is not supported");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static SqlException unknownEncoding(String format) {
        return new SqlException("22023", "unrecognized encoding: \"" + format + "\"");
    }
}
