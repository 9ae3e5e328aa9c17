package io.basalt.sql.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * The stored value of a row: its columns as (column id, value) pairs, each value tagged with
 * its encoding, so a reader needs no schema to walk a row. Adding a column needs no rewrite
 * (old rows lack its id and read as missing); dropping one neither (its pairs are skipped).
 *
 * <pre>
 * row    := version:u8 (=1) count:uvarint column{count}     columns by ascending id
 * column := id:uvarint tag:u8 payload
 * tag    payload
 * 0x00   NULL          (none)
 * 0x01   false         (none)
 * 0x02   true          (none)
 * 0x03   integer       zigzag varint (smallint, integer, bigint)
 * 0x04   real          4 bytes IEEE 754 big-endian
 * 0x05   double        8 bytes IEEE 754 big-endian
 * 0x06   numeric       scale:zigzag varint, n:uvarint, n bytes big-endian two's complement unscaled value
 * 0x07   text          n:uvarint, n bytes UTF-8 (text, varchar, char(n) with its padding)
 * 0x08   bytea         n:uvarint, n bytes
 * 0x09   date          zigzag varint days since 2000-01-01
 * 0x0A   timestamp     zigzag varint microseconds since 2000-01-01 00:00
 * 0x0B   timestamptz   zigzag varint microseconds since 2000-01-01 00:00 UTC
 * 0x0C   uuid          16 bytes
 * </pre>
 *
 * An explicit NULL is kept apart from a missing column so a column added with a DEFAULT can
 * read its default for old rows. Bytes that do not follow this grammar, or a value whose tag
 * does not fit the column's type, are XX001 naming what was wrong.
 */
public final class RowCodec {
    private static final int VERSION = 1;
    private static final int TAG_NULL = 0x00;
    private static final int TAG_FALSE = 0x01;
    private static final int TAG_TRUE = 0x02;
    private static final int TAG_INTEGER = 0x03;
    private static final int TAG_REAL = 0x04;
    private static final int TAG_DOUBLE = 0x05;
    private static final int TAG_NUMERIC = 0x06;
    private static final int TAG_TEXT = 0x07;
    private static final int TAG_BYTEA = 0x08;
    private static final int TAG_DATE = 0x09;
    private static final int TAG_TIMESTAMP = 0x0A;
    private static final int TAG_TIMESTAMPTZ = 0x0B;
    private static final int TAG_UUID = 0x0C;
    private static final int TAG_INTERVAL = 0x0D;
    /** The smallest encoded column (id and tag) is two bytes; more columns than that cannot fit. */
    private static final int COLUMN_BYTES_MIN = 2;

    private RowCodec() {
    }

    /** The stored form of a row; ids must be distinct and non-negative, null values are SQL NULL. */
    public static byte[] encode(int[] columnIds, Object[] values, SqlType[] types) {
        if (columnIds.length != values.length || columnIds.length != types.length) {
            throw new IllegalArgumentException("row of " + columnIds.length + " ids, " + values.length
                    + " values and " + types.length + " types");
        }
        Integer[] order = new Integer[columnIds.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(columnIds[a], columnIds[b]));
        ByteSink out = new ByteSink(16 + 8 * columnIds.length);
        out.write(VERSION);
        Varints.writeUnsigned(out, columnIds.length);
        int previous = -1;
        for (int i : order) {
            if (columnIds[i] <= previous) {
                throw new IllegalArgumentException("column ids must be distinct and non-negative: " + Arrays.toString(columnIds));
            }
            previous = columnIds[i];
            Varints.writeUnsigned(out, columnIds[i]);
            writeValue(out, values[i], types[i]);
        }
        return out.toByteArray();
    }

    /** The values of {@code wantedColumnIds} (of {@code types}) in the row; a column the row lacks is null. */
    public static Object[] decode(byte[] bytes, int[] wantedColumnIds, SqlType[] types) {
        return decode(bytes, wantedColumnIds, types, null);
    }

    /**
     * As {@link #decode(byte[], int[], SqlType[])}, but a column the row lacks takes
     * {@code missing[i]} (its DEFAULT when it was added after the row was written).
     */
    public static Object[] decode(byte[] bytes, int[] wantedColumnIds, SqlType[] types, Object[] missing) {
        if (wantedColumnIds.length != types.length) {
            throw new IllegalArgumentException(wantedColumnIds.length + " column ids but " + types.length + " types");
        }
        Object[] out = new Object[wantedColumnIds.length];
        boolean[] seen = new boolean[wantedColumnIds.length];
        ByteSource in = new ByteSource(bytes);
        int version = in.read("row version");
        if (version != VERSION) {
            throw TypeErrors.corrupted("row format version " + version + ", expected " + VERSION);
        }
        int count = Varints.readLength(in, "row column count");
        if (count > in.remaining() / COLUMN_BYTES_MIN) {
            throw TypeErrors.corrupted("row claims " + count + " columns in " + in.remaining() + " bytes");
        }
        long previous = -1;
        for (int c = 0; c < count; c++) {
            int id = Varints.readLength(in, "row column id");
            if (id <= previous) {
                throw TypeErrors.corrupted("row column id " + id + " after " + previous + ": ids must ascend");
            }
            previous = id;
            int slot = indexOf(wantedColumnIds, id);
            if (slot < 0) {
                skipValue(in, id);
            } else {
                out[slot] = readValue(in, id, types[slot]);
                seen[slot] = true;
            }
        }
        if (in.hasRemaining()) {
            throw TypeErrors.corrupted(in.remaining() + " bytes after the last row column");
        }
        if (missing != null) {
            for (int i = 0; i < out.length; i++) {
                if (!seen[i]) {
                    out[i] = missing[i];
                }
            }
        }
        return out;
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private static void writeValue(ByteSink out, Object v, SqlType type) {
        if (v == null) {
            out.write(TAG_NULL);
            return;
        }
        switch (type.kind()) {
            case BOOL -> out.write(((Boolean) v) ? TAG_TRUE : TAG_FALSE);
            case INT2, INT4, INT8 -> Varints.writeSigned(out.write(TAG_INTEGER), ((Number) v).longValue());
            case FLOAT4 -> out.write(TAG_REAL).writeInt(Float.floatToRawIntBits((Float) v));
            case FLOAT8 -> out.write(TAG_DOUBLE).writeLong(Double.doubleToRawLongBits((Double) v));
            case NUMERIC -> {
                BigDecimal d = (BigDecimal) v;
                byte[] unscaled = d.unscaledValue().toByteArray();
                Varints.writeSigned(out.write(TAG_NUMERIC), d.scale());
                Varints.writeUnsigned(out, unscaled.length);
                out.write(unscaled);
            }
            case TEXT, VARCHAR, BPCHAR, UNKNOWN -> writeBytes(out, TAG_TEXT, ((String) v).getBytes(StandardCharsets.UTF_8));
            case BYTEA -> writeBytes(out, TAG_BYTEA, (byte[]) v);
            case DATE -> Varints.writeSigned(out.write(TAG_DATE), DateTimes.dateToDays((LocalDate) v));
            case TIMESTAMP -> Varints.writeSigned(out.write(TAG_TIMESTAMP), DateTimes.timestampToMicros((LocalDateTime) v));
            case TIMESTAMPTZ -> Varints.writeSigned(out.write(TAG_TIMESTAMPTZ), DateTimes.instantToMicros((Instant) v));
            case UUID -> out.write(TAG_UUID).writeLong(((UUID) v).getMostSignificantBits()).writeLong(((UUID) v).getLeastSignificantBits());
            case INTERVAL -> {
                Interval i = (Interval) v;
                Varints.writeSigned(out.write(TAG_INTERVAL), i.months());
                Varints.writeSigned(out, i.days());
                Varints.writeSigned(out, i.micros());
            }
        }
    }

    private static void writeBytes(ByteSink out, int tag, byte[] bytes) {
        out.write(tag);
        Varints.writeUnsigned(out, bytes.length);
        out.write(bytes);
    }

    private static void skipValue(ByteSource in, int id) {
        int tag = in.read("tag of column " + id);
        String what = "value of column " + id;
        switch (tag) {
            case TAG_NULL, TAG_FALSE, TAG_TRUE -> {
            }
            case TAG_INTEGER, TAG_DATE, TAG_TIMESTAMP, TAG_TIMESTAMPTZ -> Varints.readUnsigned(in, what);
            case TAG_REAL -> in.skip(4, what);
            case TAG_DOUBLE -> in.skip(8, what);
            case TAG_NUMERIC -> {
                Varints.readUnsigned(in, what);
                in.skip(Varints.readLength(in, what), what);
            }
            case TAG_TEXT, TAG_BYTEA -> in.skip(Varints.readLength(in, what), what);
            case TAG_UUID -> in.skip(16, what);
            case TAG_INTERVAL -> {
                Varints.readUnsigned(in, what);
                Varints.readUnsigned(in, what);
                Varints.readUnsigned(in, what);
            }
            default -> throw TypeErrors.corrupted("unknown tag 0x" + Integer.toHexString(tag) + " for column " + id);
        }
    }

    private static Object readValue(ByteSource in, int id, SqlType type) {
        int tag = in.read("tag of column " + id);
        if (tag == TAG_NULL) {
            return null;
        }
        String what = "value of column " + id;
        TypeKind kind = type.kind();
        int expected = tagOf(kind);
        if (tag != expected && !(kind == TypeKind.BOOL && tag == TAG_TRUE)) {
            throw TypeErrors.corrupted("column " + id + " has tag 0x" + Integer.toHexString(tag)
                    + ", which does not hold a " + type.sqlName());
        }
        return switch (kind) {
            case BOOL -> tag == TAG_TRUE;
            case INT2, INT4, INT8 -> {
                long v = Varints.readSigned(in, what);
                try {
                    yield Integers.narrow(v, kind);
                } catch (io.basalt.sql.api.SqlException e) {
                    throw TypeErrors.corrupted("column " + id + " holds " + v + ", outside " + type.sqlName());
                }
            }
            case FLOAT4 -> Float.intBitsToFloat(in.readInt(what));
            case FLOAT8 -> Double.longBitsToDouble(in.readLong(what));
            case NUMERIC -> readNumeric(in, id, what);
            case TEXT, VARCHAR, BPCHAR, UNKNOWN -> utf8(in.readBytes(Varints.readLength(in, what), what), id);
            case BYTEA -> in.readBytes(Varints.readLength(in, what), what);
            case DATE -> {
                long days = Varints.readSigned(in, what);
                if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
                    throw TypeErrors.corrupted("column " + id + " holds date day " + days);
                }
                yield DateTimes.daysToDate(days);
            }
            case TIMESTAMP -> DateTimes.microsToTimestamp(Varints.readSigned(in, what));
            case TIMESTAMPTZ -> DateTimes.microsToInstant(Varints.readSigned(in, what));
            case UUID -> new UUID(in.readLong(what), in.readLong(what));
            case INTERVAL -> {
                long months = Varints.readSigned(in, what);
                long days = Varints.readSigned(in, what);
                long micros = Varints.readSigned(in, what);
                if (months != (int) months || days != (int) days) {
                    throw TypeErrors.corrupted("column " + id + " holds an interval of " + months + " months and " + days + " days");
                }
                yield new Interval((int) months, (int) days, micros);
            }
        };
    }

    private static int tagOf(TypeKind kind) {
        return switch (kind) {
            case BOOL -> TAG_FALSE;
            case INT2, INT4, INT8 -> TAG_INTEGER;
            case FLOAT4 -> TAG_REAL;
            case FLOAT8 -> TAG_DOUBLE;
            case NUMERIC -> TAG_NUMERIC;
            case TEXT, VARCHAR, BPCHAR, UNKNOWN -> TAG_TEXT;
            case BYTEA -> TAG_BYTEA;
            case DATE -> TAG_DATE;
            case TIMESTAMP -> TAG_TIMESTAMP;
            case TIMESTAMPTZ -> TAG_TIMESTAMPTZ;
            case UUID -> TAG_UUID;
            case INTERVAL -> TAG_INTERVAL;
        };
    }

    private static BigDecimal readNumeric(ByteSource in, int id, String what) {
        long scale = Varints.readSigned(in, what);
        int length = Varints.readLength(in, what);
        if (length == 0 || scale < 0 || scale > NumericSupport.SCALE_MAX) {
            throw TypeErrors.corrupted("column " + id + " holds a numeric of scale " + scale + " and " + length + " bytes");
        }
        BigDecimal v = new BigDecimal(new BigInteger(in.readBytes(length, what)), (int) scale);
        if (v.signum() != 0 && v.precision() - v.scale() > NumericSupport.INTEGER_DIGITS_MAX) {
            throw TypeErrors.corrupted("column " + id + " holds a numeric beyond the numeric range");
        }
        return v;
    }

    private static String utf8(byte[] bytes, int id) {
        try {
            return BinaryCodec.utf8(bytes);
        } catch (io.basalt.sql.api.SqlException e) {
            throw TypeErrors.corrupted("column " + id + " holds text that is not valid UTF-8");
        }
    }
}
