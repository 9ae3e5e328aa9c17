package io.basalt.server;

/**
 * How a leader streams snapshots to followers behind its log's start.
 *
 * @param chunkBytes the bytes of one chunk (each with its CRC32C, written durably by the
 *        follower before it is acknowledged)
 * @param windowChunks the most chunks sent and not yet acknowledged (flow control)
 * @param bytesPerSecondMax the sending rate limit per transfer; 0 for none
 */
public record SnapshotSettings(int chunkBytes, int windowChunks, long bytesPerSecondMax) {
    public static final int CHUNK_BYTES_DEFAULT = 1 << 20;
    public static final int CHUNK_BYTES_MIN = 16 << 10;
    public static final int CHUNK_BYTES_MAX = 16 << 20;
    public static final int WINDOW_CHUNKS_DEFAULT = 8;
    public static final SnapshotSettings DEFAULT = new SnapshotSettings(CHUNK_BYTES_DEFAULT, WINDOW_CHUNKS_DEFAULT, 0);

    public SnapshotSettings {
        if (chunkBytes < CHUNK_BYTES_MIN || chunkBytes > CHUNK_BYTES_MAX) {
            throw new IllegalArgumentException("snapshot chunk must be " + (CHUNK_BYTES_MIN >> 10) + " to "
                + (CHUNK_BYTES_MAX >> 10) + " KiB, not " + chunkBytes + " bytes");
        }
        if (windowChunks < 1 || windowChunks > 1024) {
            throw new IllegalArgumentException("snapshot window must be 1 to 1024 chunks, not " + windowChunks);
        }
        if (bytesPerSecondMax < 0) {
            throw new IllegalArgumentException("snapshot rate limit must not be negative: " + bytesPerSecondMax);
        }
    }

    public SnapshotSettings withChunkBytes(int bytes) {
        return new SnapshotSettings(bytes, windowChunks, bytesPerSecondMax);
    }

    public SnapshotSettings withRate(long bytesPerSecond) {
        return new SnapshotSettings(chunkBytes, windowChunks, bytesPerSecond);
    }
}
