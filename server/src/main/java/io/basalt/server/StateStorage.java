package io.basalt.server;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where a node keeps the applied state of its groups.
 *
 * @param inMemory true: a memory engine per group, lost with the process, so a restart rebuilds
 *        the state from the write-ahead log (its last snapshot and the entries after it); false:
 *        a RocksDB engine per group under {@code <dataDir>/state}, so a restart replays only
 *        the entries after the engine's applied index
 * @param blockCacheBytes the RocksDB block cache of each group's engine (unused in memory)
 * @param writeBytesPerSecond a limit on what each group's RocksDB flushes and compactions write
 *        per second, leaving the disk to the log's fsyncs; 0 for none (unused in memory)
 */
public record StateStorage(boolean inMemory, long blockCacheBytes, long writeBytesPerSecond) {
    public static final long BLOCK_CACHE_BYTES_DEFAULT = 256L << 20;
    public static final long BLOCK_CACHE_BYTES_MIN = 1L << 20;
    /** RocksDB on disk with a 256 MiB cache: what a node built in code gets ({@code basalt start} sizes the cache from the machine). */
    public static final StateStorage DEFAULT = new StateStorage(false, BLOCK_CACHE_BYTES_DEFAULT, 0);
    public static final StateStorage IN_MEMORY = new StateStorage(true, BLOCK_CACHE_BYTES_DEFAULT, 0);

    /** The share of the machine's memory that {@link #blockCacheBytesForMachine()} gives the cache. */
    public static final int BLOCK_CACHE_MACHINE_FRACTION = 8;
    public static final long BLOCK_CACHE_BYTES_FOR_MACHINE_MIN = 64L << 20;

    /**
     * An eighth of the machine's physical memory, in whole MiB, at least 64 MiB: what
     * {@code basalt start} gives each group's cache unless told otherwise. The cache lives outside
     * the heap and fills only with what is read, so a small node costs no more than its data.
     */
    public static long blockCacheBytesForMachine() {
        long total = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            total = os.getTotalMemorySize();
        }
        long share = (total / BLOCK_CACHE_MACHINE_FRACTION) >> 20 << 20;
        return Math.max(BLOCK_CACHE_BYTES_FOR_MACHINE_MIN, share);
    }

    public StateStorage {
        if (blockCacheBytes < BLOCK_CACHE_BYTES_MIN) {
            throw new IllegalArgumentException("block cache must be at least " + (BLOCK_CACHE_BYTES_MIN >> 20)
                + " MiB: " + blockCacheBytes + " bytes");
        }
        if (writeBytesPerSecond < 0) {
            throw new IllegalArgumentException("engine write limit must be 0 (none) or more: " + writeBytesPerSecond
                + " bytes per second");
        }
    }

    public StateStorage withWriteBytesPerSecond(long value) {
        return new StateStorage(inMemory, blockCacheBytes, value);
    }
}
