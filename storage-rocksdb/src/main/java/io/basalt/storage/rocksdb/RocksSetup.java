package io.basalt.storage.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RateLimiter;
import org.rocksdb.Statistics;
import org.rocksdb.WriteOptions;

/**
 * The native option objects an engine needs for its whole life, created together and closed
 * together after the database. The choices that matter for correctness:
 * <ul>
 *   <li>{@code disableWAL}: the Raft log is the write-ahead log; a second one would double every
 *       write's I/O for nothing.</li>
 *   <li>{@code atomicFlush}: the data and the applied index live in two column families, and
 *       without a WAL only a flush makes them durable; flushed separately, a crash could keep
 *       one family's memtable and lose the other's. Atomic flush writes both or neither, so the
 *       durable applied index always matches the durable data.</li>
 *   <li>{@code avoidFlushDuringShutdown}: the engine flushes explicitly in
 *       {@link RocksEngine#close()}; RocksDB's own close then adds nothing, and a test can
 *       close without flushing to stand for a crash.</li>
 * </ul>
 */
final class RocksSetup implements AutoCloseable {
    /** Bloom filter bits per key: about 1% false positives, so a get of an absent key rarely reads a block. */
    private static final double BLOOM_BITS_PER_KEY = 10;
    private static final int INFO_LOG_FILES_KEPT = 5;
    private static final long INFO_LOG_FILE_BYTES_MAX = 16L * 1024 * 1024;

    final Statistics statistics = new Statistics();
    final LRUCache blockCache;
    final BloomFilter bloomFilter = new BloomFilter(BLOOM_BITS_PER_KEY);
    final ColumnFamilyOptions dataOptions;
    final ColumnFamilyOptions metaOptions;
    final DBOptions dbOptions;
    final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
    final FlushOptions flushOptions = new FlushOptions().setWaitForFlush(true);
    /** Null without a limit on background writes. */
    private final RateLimiter rateLimiter;

    RocksSetup(RocksEngineOptions options) {
        blockCache = new LRUCache(options.blockCacheBytes());
        dataOptions = familyOptions(options);
        metaOptions = familyOptions(options);
        dbOptions = new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setAtomicFlush(true)
            .setAvoidFlushDuringShutdown(true)
            .setStatistics(statistics)
            .setKeepLogFileNum(INFO_LOG_FILES_KEPT)
            .setMaxLogFileSize(INFO_LOG_FILE_BYTES_MAX);
        rateLimiter = options.writeBytesPerSecond() > 0 ? new RateLimiter(options.writeBytesPerSecond()) : null;
        if (rateLimiter != null) {
            dbOptions.setRateLimiter(rateLimiter);
        }
    }

    private ColumnFamilyOptions familyOptions(RocksEngineOptions options) {
        // Index and filter blocks live in the block cache too, so the cache size bounds the
        // engine's read memory however large the data grows; level-0 ones stay pinned.
        BlockBasedTableConfig table = new BlockBasedTableConfig()
            .setBlockCache(blockCache)
            .setFilterPolicy(bloomFilter)
            .setCacheIndexAndFilterBlocks(true)
            .setPinL0FilterAndIndexBlocksInCache(true);
        return new ColumnFamilyOptions()
            .setTableFormatConfig(table)
            .setWriteBufferSize(options.writeBufferBytes());
    }

    @Override
    public void close() {
        flushOptions.close();
        writeOptions.close();
        dbOptions.close();
        if (rateLimiter != null) {
            rateLimiter.close();
        }
        metaOptions.close();
        dataOptions.close();
        bloomFilter.close();
        blockCache.close();
        statistics.close();
    }
}
