package io.basalt.sql.types;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * Order-preserving key encoding: for two values of one type, the unsigned lexicographic
 * order of their encodings is {@link Values#compare}'s order, so the key-value store's key
 * order is the SQL order of primary keys and index columns. Encodings are self-delimiting,
 * so a key is the plain concatenation of a header and its columns.
 *
 * <p>Each column starts with a marker: {@value #VALUE_MARKER} before a value,
 * {@value #NULL_MARKER} for NULL, which therefore sorts last (PostgreSQL's NULLS LAST for
 * ASC). A descending column has every byte of its encoding (marker included) inverted, which
 * reverses its order and puts NULL first, as PostgreSQL's DESC does. After the marker:
 * <ul>
 * <li>bool: 0x00 or 0x01;</li>
 * <li>smallint, integer, bigint: the value as a 64-bit big-endian integer with the sign bit
 *     flipped, so every integer kind gives the same key for the same number;</li>
 * <li>real, double precision: the double's IEEE bits, sign-flipped for positive values and
 *     fully inverted for negative ones; -0.0 is written as 0.0 and every NaN as the one NaN,
 *     which sorts above +Infinity; a real is written as the double of equal value;</li>
 * <li>numeric: {@link NumericKey};</li>
 * <li>text, varchar, char(n), bytea: the UTF-8 or raw bytes with 0x00 written as 0x00 0xFF,
 *     ended by 0x00 0x01, so a string sorts before its extensions; char(n) without its
 *     trailing spaces;</li>
 * <li>date: days since 2000-01-01 as a sign-flipped int32; timestamp and timestamptz:
 *     microseconds since 2000-01-01 (UTC) as a sign-flipped int64;</li>
 * <li>uuid: its 16 bytes;</li>
 * <li>interval: its comparison span ({@link Interval#spanDays} as a sign-flipped int64, then
 *     {@link Interval#spanMicros}), so intervals equal under comparison ('1 mon', '30 days')
 *     have one key, as they are one value of a unique index in PostgreSQL; such a key decodes
 *     as days and time ('30 days').</li>
 * </ul>
 * Decoding returns the value in the type's Java class; what a key cannot keep is restored
 * from the type where possible (char(n) padding, numeric(p,s) scale) and is otherwise the
 * canonical form (unconstrained numeric 1.50 decodes as 1.5, -0.0 as 0.0).
 */
public final class KeyCodec {
    public static final int VALUE_MARKER = 0x10;
    public static final int NULL_MARKER = 0xF0;
    private static final int ESCAPE = 0x00;
    private static final int ESCAPED_ZERO = 0xFF;
    private static final int STRING_END = 0x01;

    private KeyCodec() {
    }

    /** Appends one key column: {@code value} (null for SQL NULL) of {@code type}. */
    public static void encode(ByteSink out, Object value, SqlType type, boolean descending) {
        int start = out.length();
        if (value == null) {
            out.write(NULL_MARKER);
        } else {
            out.write(VALUE_MARKER);
            encodeValue(out, value, type);
        }
        if (descending) {
            out.invertFrom(start);
        }
    }

    /** The key of the given columns, concatenated. */
    public static byte[] encode(Object[] values, SqlType[] types, boolean[] descending) {
        ByteSink out = new ByteSink();
        for (int i = 0; i < values.length; i++) {
            encode(out, values[i], types[i], descending != null && descending[i]);
        }
        return out.toByteArray();
    }

    /** Reads one key column written by {@link #encode(ByteSink, Object, SqlType, boolean)}; XX001 if malformed. */
    public static Object decode(ByteSource in, SqlType type, boolean descending) {
        int mask = descending ? 0xFF : 0;
        int marker = in.read("key column marker") ^ mask;
        if (marker == NULL_MARKER) {
            return null;
        }
        if (marker != VALUE_MARKER) {
            throw TypeErrors.corrupted("key column marker " + marker);
        }
        long longMask = descending ? -1L : 0L;
        return switch (type.kind()) {
            case BOOL -> {
                int b = in.read("bool key") ^ mask;
                if (b > 1) {
                    throw TypeErrors.corrupted("bool key byte " + b);
                }
                yield b == 1;
            }
            case INT2, INT4, INT8 -> {
                long v = in.readLong("integer key") ^ longMask ^ Long.MIN_VALUE;
                try {
                    yield Integers.narrow(v, type.kind());
                } catch (io.basalt.sql.api.SqlException e) {
                    throw TypeErrors.corrupted("integer key " + v + " does not fit " + type.sqlName());
                }
            }
            case FLOAT4 -> (float) decodeDouble(in.readLong("float key") ^ longMask);
            case FLOAT8 -> decodeDouble(in.readLong("float key") ^ longMask);
            case NUMERIC -> {
                BigDecimal v = NumericKey.decode(in, mask);
                yield type.precision() >= 0 ? v.setScale(Math.max(type.scale(), 0), java.math.RoundingMode.HALF_UP) : v;
            }
            case TEXT, VARCHAR, UNKNOWN -> utf8(readEscaped(in, mask));
            case BPCHAR -> StringTypes.pad(utf8(readEscaped(in, mask)), type);
            case BYTEA -> readEscaped(in, mask);
            case DATE -> DateTimes.daysToDate((in.readInt("date key") ^ (int) longMask) ^ Integer.MIN_VALUE);
            case TIMESTAMP -> DateTimes.microsToTimestamp(in.readLong("timestamp key") ^ longMask ^ Long.MIN_VALUE);
            case TIMESTAMPTZ -> DateTimes.microsToInstant(in.readLong("timestamptz key") ^ longMask ^ Long.MIN_VALUE);
            case UUID -> new UUID(in.readLong("uuid key") ^ longMask, in.readLong("uuid key") ^ longMask);
            case INTERVAL -> {
                long days = in.readLong("interval key") ^ longMask ^ Long.MIN_VALUE;
                long micros = in.readLong("interval key") ^ longMask;
                // A span past the days an int holds came from months: give it back as months of 30 days.
                if (days == (int) days) {
                    yield new Interval(0, (int) days, micros);
                }
                long months = days / Interval.DAYS_PER_MONTH;
                if (months != (int) months) {
                    throw TypeErrors.corrupted("interval key of " + days + " days is past any interval");
                }
                yield new Interval((int) months, (int) (days % Interval.DAYS_PER_MONTH), micros);
            }
        };
    }

    /** Appends {@code id} (read as unsigned) in 4 big-endian bytes: the table and index id header of a key. */
    public static void encodeUint32(ByteSink out, int id) {
        out.writeInt(id);
    }

    public static int decodeUint32(ByteSource in) {
        return in.readInt("key id header");
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix} (the end of a
     * prefix scan), or null when there is none (the prefix is empty or all 0xFF bytes).
     */
    public static byte[] prefixEnd(byte[] prefix) {
        int end = prefix.length;
        while (end > 0 && prefix[end - 1] == (byte) 0xFF) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        byte[] out = java.util.Arrays.copyOf(prefix, end);
        out[end - 1]++;
        return out;
    }

    private static void encodeValue(ByteSink out, Object value, SqlType type) {
        switch (type.kind()) {
            case BOOL -> out.write(((Boolean) value) ? 1 : 0);
            case INT2, INT4, INT8 -> out.writeLong(((Number) value).longValue() ^ Long.MIN_VALUE);
            case FLOAT4, FLOAT8 -> out.writeLong(encodeDouble(((Number) value).doubleValue()));
            case NUMERIC -> NumericKey.encode(out, (BigDecimal) value);
            case TEXT, VARCHAR, UNKNOWN -> writeEscaped(out, ((String) value).getBytes(StandardCharsets.UTF_8));
            case BPCHAR -> writeEscaped(out, StringTypes.stripPadding((String) value).getBytes(StandardCharsets.UTF_8));
            case BYTEA -> writeEscaped(out, (byte[]) value);
            case DATE -> out.writeInt(DateTimes.dateToDays((LocalDate) value) ^ Integer.MIN_VALUE);
            case TIMESTAMP -> out.writeLong(DateTimes.timestampToMicros((LocalDateTime) value) ^ Long.MIN_VALUE);
            case TIMESTAMPTZ -> out.writeLong(DateTimes.instantToMicros((Instant) value) ^ Long.MIN_VALUE);
            case UUID -> out.writeLong(((UUID) value).getMostSignificantBits()).writeLong(((UUID) value).getLeastSignificantBits());
            case INTERVAL -> {
                Interval i = (Interval) value;
                out.writeLong(i.spanDays() ^ Long.MIN_VALUE).writeLong(i.spanMicros());
            }
        }
    }

    private static long encodeDouble(double d) {
        // doubleToLongBits folds every NaN into 0x7ff8000000000000, above +Infinity once flipped.
        long bits = Double.doubleToLongBits(d + 0.0);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private static double decodeDouble(long key) {
        long bits = key < 0 ? key ^ Long.MIN_VALUE : ~key;
        return Double.longBitsToDouble(bits);
    }

    private static void writeEscaped(ByteSink out, byte[] bytes) {
        for (byte b : bytes) {
            out.write(b);
            if (b == ESCAPE) {
                out.write(ESCAPED_ZERO);
            }
        }
        out.write(ESCAPE).write(STRING_END);
    }

    private static byte[] readEscaped(ByteSource in, int mask) {
        ByteSink out = new ByteSink();
        while (true) {
            int b = in.read("string key") ^ mask;
            if (b != ESCAPE) {
                out.write(b);
                continue;
            }
            int next = in.read("string key escape") ^ mask;
            if (next == STRING_END) {
                return out.toByteArray();
            }
            if (next != ESCAPED_ZERO) {
                throw TypeErrors.corrupted("string key escape 0x00 0x" + Integer.toHexString(next));
            }
            out.write(0);
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return BinaryCodec.utf8(bytes);
        } catch (io.basalt.sql.api.SqlException e) {
            throw TypeErrors.corrupted("string key is not valid UTF-8");
        }
    }
}
