package io.basalt.storage.api;

/**
 * Counters of an engine since it was opened: how much of the hot data RAM serves, and how much
 * the engine writes for what is applied to it. The memory engine has no cache and no files and
 * reports {@link #NONE}.
 *
 * @param blockCacheHits block reads served from the cache
 * @param blockCacheMisses block reads that went to disk (or the OS page cache)
 * @param blockCacheUsageBytes bytes the cache holds now
 * @param blockCacheCapacityBytes the configured cache size
 * @param appliedBytes bytes of keys and values applied to the engine
 * @param flushBytes bytes the engine wrote to files when it flushed memory to disk
 * @param compactionBytes bytes the engine wrote to files when it compacted them
 * @param iteratorSkips entries iterators stepped over without returning them: deleted entries
 *     whose tombstones compaction has not removed yet
 */
public record EngineStats(long blockCacheHits, long blockCacheMisses, long blockCacheUsageBytes,
                          long blockCacheCapacityBytes, long appliedBytes, long flushBytes, long compactionBytes,
                          long iteratorSkips) {
    public static final EngineStats NONE = new EngineStats(0, 0, 0, 0, 0, 0, 0, 0);

    /** Hits over all lookups, or 0 before the first lookup. */
    public double blockCacheHitRatio() {
        long lookups = blockCacheHits + blockCacheMisses;
        return lookups == 0 ? 0.0 : (double) blockCacheHits / lookups;
    }

    /**
     * Bytes written to files (flushes and compactions) per byte applied, or 0 before anything
     * was applied: the engine's write amplification. The Raft log's own write of each entry
     * comes on top of it.
     */
    public double writeAmplification() {
        return appliedBytes == 0 ? 0.0 : (double) (flushBytes + compactionBytes) / appliedBytes;
    }
}
