package io.basalt.sql.types;

/**
 * LEB128 variable-length integers for row values: seven bits a byte, low bits first, the
 * high bit set on every byte but the last. Signed values are zigzag-mapped first so small
 * negative numbers stay short.
 */
final class Varints {
    /** A 64-bit value needs at most ten 7-bit groups. */
    private static final int LONG_BYTES_MAX = 10;

    private Varints() {
    }

    static void writeUnsigned(ByteSink out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static void writeSigned(ByteSink out, long v) {
        writeUnsigned(out, (v << 1) ^ (v >> 63));
    }

    static long readUnsigned(ByteSource in, String what) {
        long v = 0;
        for (int i = 0; i < LONG_BYTES_MAX; i++) {
            int b = in.read(what);
            if (i == LONG_BYTES_MAX - 1 && b > 1) {
                throw TypeErrors.corrupted(what + ": varint overflows 64 bits");
            }
            v |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw TypeErrors.corrupted(what + ": varint longer than " + LONG_BYTES_MAX + " bytes");
    }

    static long readSigned(ByteSource in, String what) {
        long z = readUnsigned(in, what);
        return (z >>> 1) ^ -(z & 1);
    }

    /** An unsigned varint that must fit a non-negative int (lengths, counts, column ids). */
    static int readLength(ByteSource in, String what) {
        long v = readUnsigned(in, what);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw TypeErrors.corrupted(what + " " + Long.toUnsignedString(v) + " is out of range");
        }
        return (int) v;
    }
}
