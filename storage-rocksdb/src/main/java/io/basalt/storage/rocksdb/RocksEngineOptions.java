package io.basalt.storage.rocksdb;

/**
 * Settings of one RocksDB engine.
 *
 * @param blockCacheBytes size of the LRU block cache that keeps hot data, index and filter blocks
 *     in RAM; a server sizes it from the machine's memory
 * @param writeBufferBytes size of a memtable before it is flushed to an SST file; also about the
 *     most applied data a crash can lose (the Raft log replays it)
 * @param writeBytesPerSecond a limit on the bytes flushes and compactions write per second, so
 *     that they leave the disk to the Raft log's fsyncs; 0 for none
 */
public record RocksEngineOptions(long blockCacheBytes, long writeBufferBytes, long writeBytesPerSecond) {
    public static final long BLOCK_CACHE_BYTES_DEFAULT = 256L * 1024 * 1024;
    /** Below this the cache cannot hold even the index and filter blocks of a modest table. */
    public static final long BLOCK_CACHE_BYTES_MIN = 1024 * 1024;
    public static final long WRITE_BUFFER_BYTES_DEFAULT = 64L * 1024 * 1024;
    /** RocksDB raises any smaller memtable to this size on its own. */
    public static final long WRITE_BUFFER_BYTES_MIN = 64 * 1024;

    public RocksEngineOptions {
        if (blockCacheBytes < BLOCK_CACHE_BYTES_MIN) {
            throw new IllegalArgumentException(
                "blockCacheBytes must be at least " + BLOCK_CACHE_BYTES_MIN + ": " + blockCacheBytes);
        }
        if (writeBufferBytes < WRITE_BUFFER_BYTES_MIN) {
            throw new IllegalArgumentException(
                "writeBufferBytes must be at least " + WRITE_BUFFER_BYTES_MIN + ": " + writeBufferBytes);
        }
        if (writeBytesPerSecond < 0) {
            throw new IllegalArgumentException("writeBytesPerSecond must be 0 (no limit) or more: " + writeBytesPerSecond);
        }
    }

    public static RocksEngineOptions defaults() {
        return new RocksEngineOptions(BLOCK_CACHE_BYTES_DEFAULT, WRITE_BUFFER_BYTES_DEFAULT, 0);
    }

    public RocksEngineOptions withBlockCacheBytes(long value) {
        return new RocksEngineOptions(value, writeBufferBytes, writeBytesPerSecond);
    }

    public RocksEngineOptions withWriteBufferBytes(long value) {
        return new RocksEngineOptions(blockCacheBytes, value, writeBytesPerSecond);
    }

    public RocksEngineOptions withWriteBytesPerSecond(long value) {
        return new RocksEngineOptions(blockCacheBytes, writeBufferBytes, value);
    }
}
