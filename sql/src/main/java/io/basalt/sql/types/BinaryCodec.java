package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * PostgreSQL's binary wire formats (typsend/typreceive) as pgwire's Bind and DataRow carry
 * them: bool one byte; int2/int4/int8 big-endian; float4/float8 IEEE 754 big-endian; text,
 * varchar, bpchar and unknown UTF-8; bytea raw; date int32 days since 2000-01-01; timestamp
 * and timestamptz int64 microseconds since 2000-01-01 00:00 (UTC for timestamptz); uuid 16
 * bytes; interval int64 microseconds, int32 days, int32 months; numeric the base-10000 form of {@link NumericBinary}. A value of the wrong length is
 * 22P03 "incorrect binary data format"; bytes that are not UTF-8 are 22021.
 */
public final class BinaryCodec {
    private BinaryCodec() {
    }

    /** Whether Basalt can send and receive {@code kind} in binary; true for every kind it has. */
    public static boolean supports(TypeKind kind) {
        return kind != null;
    }

    /** The binary form of {@code value}; null for SQL NULL. */
    public static byte[] encode(Object value, SqlType type) {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case BOOL -> new byte[] {(byte) (((Boolean) value) ? 1 : 0)};
            case INT2 -> ByteBuffer.allocate(2).putShort((Short) value).array();
            case INT4 -> ByteBuffer.allocate(4).putInt((Integer) value).array();
            case INT8 -> ByteBuffer.allocate(8).putLong((Long) value).array();
            case FLOAT4 -> ByteBuffer.allocate(4).putFloat((Float) value).array();
            case FLOAT8 -> ByteBuffer.allocate(8).putDouble((Double) value).array();
            case NUMERIC -> NumericBinary.encode((BigDecimal) value);
            case TEXT, VARCHAR, UNKNOWN -> ((String) value).getBytes(StandardCharsets.UTF_8);
            case BPCHAR -> StringTypes.pad((String) value, type).getBytes(StandardCharsets.UTF_8);
            case BYTEA -> ((byte[]) value).clone();
            case DATE -> ByteBuffer.allocate(4).putInt(DateTimes.dateToDays((LocalDate) value)).array();
            case TIMESTAMP -> ByteBuffer.allocate(8).putLong(DateTimes.timestampToMicros((LocalDateTime) value)).array();
            case TIMESTAMPTZ -> ByteBuffer.allocate(8).putLong(DateTimes.instantToMicros((Instant) value)).array();
            case UUID -> {
                UUID u = (UUID) value;
                yield ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
            }
            case INTERVAL -> {
                Interval v = (Interval) value;
                yield ByteBuffer.allocate(16).putLong(v.micros()).putInt(v.days()).putInt(v.months()).array();
            }
        };
    }

    /**
     * The value {@code bytes} carry, with the type's modifiers applied as the receive
     * function does (varchar(n) length check, char(n) padding, numeric(p,s) rounding).
     * Null bytes are SQL NULL.
     */
    public static Object decode(byte[] bytes, SqlType type) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return switch (type.kind()) {
            case BOOL -> {
                expectLength(bytes, 1);
                yield bytes[0] != 0;
            }
            case INT2 -> {
                expectLength(bytes, 2);
                yield in.getShort();
            }
            case INT4 -> {
                expectLength(bytes, 4);
                yield in.getInt();
            }
            case INT8 -> {
                expectLength(bytes, 8);
                yield in.getLong();
            }
            case FLOAT4 -> {
                expectLength(bytes, 4);
                yield in.getFloat();
            }
            case FLOAT8 -> {
                expectLength(bytes, 8);
                yield in.getDouble();
            }
            case NUMERIC -> NumericSupport.applyTypmod(NumericBinary.decode(bytes), type);
            case TEXT, UNKNOWN -> utf8(bytes);
            case VARCHAR, BPCHAR -> StringTypes.applyForInput(utf8(bytes), type);
            case BYTEA -> bytes.clone();
            case DATE -> {
                expectLength(bytes, 4);
                LocalDate d = DateTimes.daysToDate(in.getInt());
                if (!DateTimes.inRange(d)) {
                    throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "date out of range");
                }
                yield d;
            }
            case TIMESTAMP -> DateTimes.microsToTimestamp(timestampMicros(bytes, in));
            case TIMESTAMPTZ -> DateTimes.microsToInstant(timestampMicros(bytes, in));
            case UUID -> {
                expectLength(bytes, 16);
                yield new UUID(in.getLong(), in.getLong());
            }
            case INTERVAL -> {
                expectLength(bytes, 16);
                long micros = in.getLong();
                int days = in.getInt();
                yield new Interval(in.getInt(), days, micros);
            }
        };
    }

    private static long timestampMicros(byte[] bytes, ByteBuffer in) {
        expectLength(bytes, 8);
        long micros = in.getLong();
        if (!DateTimes.microsInTimestampRange(micros)) {
            throw new SqlException(TypeErrors.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
        return micros;
    }

    private static void expectLength(byte[] bytes, int length) {
        if (bytes.length != length) {
            throw TypeErrors.binaryFormat();
        }
    }

    /** Strict UTF-8: PostgreSQL refuses invalid sequences and NUL in text. */
    static String utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            String s = chars.toString();
            if (s.indexOf('\0') >= 0) {
                throw new SqlException(TypeErrors.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\": 0x00");
            }
            return s;
        } catch (CharacterCodingException e) {
            throw new SqlException(TypeErrors.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\"");
        }
    }
}
