package io.basalt.storage.api;

/**
 * Counters of an engine's read cache, since it was opened: how much of the hot data RAM
 * serves. The memory engine has no cache and reports {@link #NONE}.
 *
 * @param blockCacheHits block reads served from the cache
 * @param blockCacheMisses block reads that went to disk (or the OS page cache)
 * @param blockCacheUsageBytes bytes the cache holds now
 * @param blockCacheCapacityBytes the configured cache size
 */
public record EngineStats(long blockCacheHits, long blockCacheMisses, long blockCacheUsageBytes,
                          long blockCacheCapacityBytes) {
    public static final EngineStats NONE = new EngineStats(0, 0, 0, 0);

    /** Hits over all lookups, or 0 before the first lookup. */
    public double blockCacheHitRatio() {
        long lookups = blockCacheHits + blockCacheMisses;
        return lookups == 0 ? 0.0 : (double) blockCacheHits / lookups;
    }
}
