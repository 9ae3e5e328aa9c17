package io.basalt.storage.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk format: segment file names, the segment header and the frame header. Multi-byte
 * fields are big-endian (ByteBuffer's default order).
 */
final class WalFormat {
    private WalFormat() {}

    /** "BWAL": lets recovery tell a segment from an unrelated file with a matching name. */
    static final int MAGIC = 0x4257414C;
    static final int VERSION = 1;
    /** magic u32, version u32, first sequence u64, CRC32C of the 16 bytes before it u32. */
    static final int SEGMENT_HEADER_BYTES = 20;
    static final int HEADER_FIRST_SEQUENCE_OFFSET = 8;
    static final int HEADER_CRC_OFFSET = 16;
    /** length u32, CRC32C u32 of the length bytes and the payload. */
    static final int FRAME_HEADER_BYTES = 8;
    /**
     * The largest payload any log may hold, whatever its options say. Recovery judges lengths
     * against this rather than the current recordBytesMax, so lowering that option never
     * turns records written under the old one into "corruption".
     */
    static final int PAYLOAD_BYTES_LIMIT = 1 << 30;
    static final String SEGMENT_SUFFIX = ".wal";
    static final String TEMP_SUFFIX = ".tmp";
    private static final int SEQUENCE_DIGITS = 20;

    static String segmentName(long firstSequence) {
        return String.format("%0" + SEQUENCE_DIGITS + "d%s", firstSequence, SEGMENT_SUFFIX);
    }

    /** The first sequence a segment file name states, or -1 when the name is not a segment's. */
    static long parseSegmentName(String name) {
        if (name.length() != SEQUENCE_DIGITS + SEGMENT_SUFFIX.length() || !name.endsWith(SEGMENT_SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < SEQUENCE_DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(name, 0, SEQUENCE_DIGITS, 10);
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    static ByteBuffer encodeHeader(long firstSequence) {
        ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        header.putInt(MAGIC).putInt(VERSION).putLong(firstSequence);
        header.putInt(headerCrc(header.array()));
        return header.flip();
    }

    /**
     * Checks a segment header against the sequence its file name states.
     *
     * @return null when the header is sound, else the offset and reason of the first bad field
     */
    static HeaderProblem checkHeader(byte[] bytes, int start, long nameSequence) {
        ByteBuffer header = ByteBuffer.wrap(bytes, start, SEGMENT_HEADER_BYTES).slice();
        int magic = header.getInt(0);
        if (magic != MAGIC) {
            return new HeaderProblem(0, String.format("bad segment magic 0x%08x, expected 0x%08x", magic, MAGIC));
        }
        int version = header.getInt(4);
        if (version != VERSION) {
            return new HeaderProblem(4, "unsupported segment format version " + version + ", expected " + VERSION);
        }
        byte[] copy = new byte[SEGMENT_HEADER_BYTES];
        header.get(0, copy);
        int stored = header.getInt(HEADER_CRC_OFFSET);
        int computed = headerCrc(copy);
        if (stored != computed) {
            return new HeaderProblem(HEADER_CRC_OFFSET, String.format(
                "segment header CRC32C mismatch: stored 0x%08x, computed 0x%08x", stored, computed));
        }
        long headerSequence = header.getLong(HEADER_FIRST_SEQUENCE_OFFSET);
        if (headerSequence != nameSequence) {
            return new HeaderProblem(HEADER_FIRST_SEQUENCE_OFFSET, "segment header says first sequence "
                + headerSequence + " but the file name says " + nameSequence);
        }
        return null;
    }

    record HeaderProblem(long offset, String reason) {}

    private static int headerCrc(byte[] header) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_CRC_OFFSET);
        return (int) crc.getValue();
    }

    /** Starts a frame's CRC: the length is covered so that a flipped length bit is caught. */
    static void updateWithLength(CRC32C crc, int length) {
        crc.reset();
        crc.update(length >>> 24);
        crc.update(length >>> 16);
        crc.update(length >>> 8);
        crc.update(length);
    }
}
