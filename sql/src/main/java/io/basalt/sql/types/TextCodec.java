package io.basalt.sql.types;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;

/**
 * PostgreSQL's text input and output functions (typinput/typoutput) for every {@link TypeKind}:
 * what a client sends and receives in the text format and what a string literal means when
 * cast to a type. {@code zone} is the session's TimeZone: it interprets timestamptz input
 * without an explicit zone, the relative words {@code today}/{@code now}, and is the zone
 * timestamptz values are printed in. SQL NULL is Java null both ways.
 */
public final class TextCodec {
    private TextCodec() {
    }

    /** The PostgreSQL text form of {@code value}, or null for SQL NULL. */
    public static String format(Object value, SqlType type, ZoneId zone) {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case BOOL -> ((Boolean) value) ? "t" : "f";
            case INT2, INT4, INT8 -> value.toString();
            case NUMERIC -> NumericSupport.format((BigDecimal) value);
            case FLOAT4 -> FloatText.format((Float) value);
            case FLOAT8 -> FloatText.format((Double) value);
            case TEXT, VARCHAR, UNKNOWN -> (String) value;
            case BPCHAR -> StringTypes.pad((String) value, type);
            case BYTEA -> ByteaText.format((byte[]) value);
            case DATE -> DateTimeFormat.date((LocalDate) value);
            case TIMESTAMP -> DateTimeFormat.timestamp((LocalDateTime) value);
            case TIMESTAMPTZ -> DateTimeFormat.timestamptz((Instant) value, zoneOrUtc(zone));
            case UUID -> value.toString();
            case INTERVAL -> IntervalText.format((Interval) value);
        };
    }

    /**
     * The value of {@code text} read as {@code type}, with the type's modifiers applied as an
     * input function does (varchar(n) length check, char(n) padding, numeric(p,s) rounding).
     * Null text is SQL NULL.
     */
    public static Object parse(String text, SqlType type, ZoneId zone) {
        if (text == null) {
            return null;
        }
        return switch (type.kind()) {
            case BOOL -> parseBool(text);
            case INT2, INT4, INT8 -> IntegerText.parse(text, type.kind());
            case NUMERIC -> NumericSupport.applyTypmod(NumericSupport.parse(text), type);
            case FLOAT4 -> FloatText.parseFloat4(text);
            case FLOAT8 -> FloatText.parseFloat8(text);
            case TEXT, UNKNOWN -> text;
            case VARCHAR, BPCHAR -> StringTypes.applyForInput(text, type);
            case BYTEA -> ByteaText.parse(text);
            case DATE -> DateTimeParser.parseDate(text, zoneOrUtc(zone));
            case TIMESTAMP -> DateTimeParser.parseTimestamp(text, zoneOrUtc(zone));
            case TIMESTAMPTZ -> DateTimeParser.parseTimestamptz(text, zoneOrUtc(zone));
            case UUID -> parseUuid(text);
            case INTERVAL -> IntervalText.parse(text);
        };
    }

    static ZoneId zoneOrUtc(ZoneId zone) {
        return zone == null ? java.time.ZoneOffset.UTC : zone;
    }

    /**
     * boolin: after trimming whitespace, any case of a non-empty prefix of true/false/yes/no,
     * at least two letters of on/off, or 1/0.
     */
    static Boolean parseBool(String text) {
        String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!s.isEmpty()) {
            if ("true".startsWith(s) || "yes".startsWith(s) || s.equals("1")
                    || (s.length() >= 2 && "on".startsWith(s))) {
                return Boolean.TRUE;
            }
            if ("false".startsWith(s) || "no".startsWith(s) || s.equals("0")
                    || (s.length() >= 2 && "off".startsWith(s))) {
                return Boolean.FALSE;
            }
        }
        throw TypeErrors.invalidSyntax("boolean", text);
    }

    /**
     * uuid_in: an optional opening brace, 32 hex digits of either case with an optional hyphen
     * after any group of four, the matching closing brace; no whitespace.
     */
    static UUID parseUuid(String text) {
        int i = 0;
        int n = text.length();
        boolean braces = n > 0 && text.charAt(0) == '{';
        if (braces) {
            i++;
        }
        long hi = 0;
        long lo = 0;
        for (int b = 0; b < 16; b++) {
            if (i + 1 >= n) {
                throw TypeErrors.invalidSyntax("uuid", text);
            }
            int d1 = ByteaText.hexDigit(text.charAt(i));
            int d2 = ByteaText.hexDigit(text.charAt(i + 1));
            if (d1 < 0 || d2 < 0) {
                throw TypeErrors.invalidSyntax("uuid", text);
            }
            int v = d1 * 16 + d2;
            if (b < 8) {
                hi = (hi << 8) | v;
            } else {
                lo = (lo << 8) | v;
            }
            i += 2;
            if (i < n && text.charAt(i) == '-' && b % 2 == 1 && b < 15) {
                i++;
            }
        }
        if (braces) {
            if (i >= n || text.charAt(i) != '}') {
                throw TypeErrors.invalidSyntax("uuid", text);
            }
            i++;
        }
        if (i != n) {
            throw TypeErrors.invalidSyntax("uuid", text);
        }
        return new UUID(hi, lo);
    }
}
