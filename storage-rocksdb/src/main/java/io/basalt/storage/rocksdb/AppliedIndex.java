package io.basalt.storage.rocksdb;

import io.basalt.storage.api.StorageCorruptionException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** How the applied index is stored: 8 bytes, big-endian, under one key of the meta column family. */
final class AppliedIndex {
    static final byte[] KEY = "applied-index".getBytes(StandardCharsets.US_ASCII);
    private static final int VALUE_BYTES = Long.BYTES;

    private AppliedIndex() {
    }

    static byte[] encode(long index) {
        return ByteBuffer.allocate(VALUE_BYTES).putLong(index).array();
    }

    /** The stored index, 0 when none was ever stored. */
    static long decode(byte[] stored, String where) {
        if (stored == null) {
            return 0;
        }
        long index = stored.length == VALUE_BYTES ? ByteBuffer.wrap(stored).getLong() : -1;
        if (index < 0) {
            throw new StorageCorruptionException("rocksdb engine in " + where + " has a damaged applied index: "
                + stored.length + " bytes, value " + index);
        }
        return index;
    }
}
