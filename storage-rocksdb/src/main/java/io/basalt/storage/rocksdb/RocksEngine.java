package io.basalt.storage.rocksdb;

import io.basalt.storage.api.Engine;
import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.EngineStats;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.Snapshot;
import io.basalt.storage.api.StorageException;
import io.basalt.storage.api.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;

/**
 * The storage engine on RocksDB. Data lives in the default column family, the applied index in
 * a second one ({@value #META_FAMILY}), so the whole key space stays the caller's; every
 * {@link #apply} writes both in one RocksDB write batch, and atomic flush makes them durable
 * together (see {@link RocksSetup}). RocksDB's write-ahead log is off: a batch is durable only
 * after {@link #flush()} (or a memtable filling up, or {@link #close()}); after a crash the
 * engine reopens at the applied index of the last flushed batch, with exactly that batch's data,
 * and the node replays its Raft log from the next entry.
 */
public final class RocksEngine implements Engine {
    static final String META_FAMILY = "basalt.meta";
    private static final String LIVE_DATA_BYTES = "rocksdb.estimate-live-data-size";
    private static final String MEMTABLE_BYTES = "rocksdb.cur-size-all-mem-tables";

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final String where;
    private final RocksEngineOptions options;
    private final RocksSetup setup;
    private final RocksDB db;
    private final ColumnFamilyHandle data;
    private final ColumnFamilyHandle meta;
    private final Set<RocksEngineIterator> iterators = ConcurrentHashMap.newKeySet();
    private final Set<RocksEngineSnapshot> snapshots = ConcurrentHashMap.newKeySet();
    /** Written by the one writer after each batch; a reader on another thread may see it a batch late. */
    private volatile long appliedIndex;
    private volatile boolean closed;
    /** Flushes running outside the monitor; {@link #close} waits until none is. */
    private int flushing;

    private RocksEngine(Path dir, RocksEngineOptions options, RocksSetup setup, RocksDB db,
                        List<ColumnFamilyHandle> families) throws RocksDBException {
        this.dir = dir;
        this.where = dir.toString();
        this.options = options;
        this.setup = setup;
        this.db = db;
        this.data = families.get(0);
        this.meta = families.get(1);
        this.appliedIndex = AppliedIndex.decode(db.get(meta, AppliedIndex.KEY), where);
    }

    public static RocksEngine open(Path dir) {
        return open(dir, RocksEngineOptions.defaults());
    }

    /** The engine stored in {@code dir} (a checkpoint too), or a new empty one created there. */
    public static RocksEngine open(Path dir, RocksEngineOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create rocksdb engine directory " + dir + ": " + e, e);
        }
        RocksSetup setup = new RocksSetup(options);
        List<ColumnFamilyDescriptor> descriptors = List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, setup.dataOptions),
            new ColumnFamilyDescriptor(META_FAMILY.getBytes(StandardCharsets.US_ASCII), setup.metaOptions));
        List<ColumnFamilyHandle> families = new ArrayList<>();
        RocksDB db = null;
        try {
            db = RocksDB.open(setup.dbOptions, dir.toString(), descriptors, families);
            return new RocksEngine(dir, options, setup, db, families);
        } catch (RocksDBException | RuntimeException e) {
            families.forEach(ColumnFamilyHandle::close);
            if (db != null) {
                db.close();
            }
            setup.close();
            if (e instanceof RocksDBException r) {
                throw failure("open", dir.toString(), r);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        try {
            return db.get(data, key);
        } catch (RocksDBException e) {
            throw failure("get", where, e);
        }
    }

    @Override
    public EngineIterator newIterator(byte[] start, byte[] end) {
        checkOpen();
        KeyOrder.checkRange(start, end);
        RocksEngineIterator iterator = new RocksEngineIterator(db, data, null, start, end, iterators::remove, where);
        iterators.add(iterator);
        return iterator;
    }

    @Override
    public long appliedIndex() {
        checkOpen();
        return appliedIndex;
    }

    @Override
    public synchronized void apply(WriteBatch batch, long index) {
        Objects.requireNonNull(batch, "batch");
        checkOpen();
        if (index < appliedIndex) {
            throw new IllegalArgumentException("applied index " + index + " is below the engine's " + appliedIndex
                + ": the applied index never goes backward");
        }
        try (org.rocksdb.WriteBatch rocksBatch = new org.rocksdb.WriteBatch()) {
            BatchTranslator translator = new BatchTranslator(rocksBatch, data);
            batch.forEach(translator);
            translator.rethrow();
            rocksBatch.put(meta, AppliedIndex.KEY, AppliedIndex.encode(index));
            db.write(setup.writeOptions, rocksBatch);
        } catch (RocksDBException e) {
            throw failure("apply", where, e);
        }
        appliedIndex = index;
    }

    @Override
    public Snapshot snapshot() {
        checkOpen();
        RocksEngineSnapshot snapshot = new RocksEngineSnapshot(db, data, meta, snapshots::remove, where);
        snapshots.add(snapshot);
        return snapshot;
    }

    /** A flush, then a RocksDB checkpoint: hard links to the SST files where the file system allows. */
    @Override
    public synchronized void checkpoint(Path target) {
        Objects.requireNonNull(target, "checkpoint directory");
        checkOpen();
        if (Files.exists(target)) {
            throw new IllegalArgumentException("checkpoint directory " + target + " already exists");
        }
        flushNow();
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            checkpoint.createCheckpoint(target.toString());
        } catch (RocksDBException e) {
            throw failure("checkpoint to " + target, where, e);
        }
    }

    /**
     * Flushes both column families' memtables together and waits for the SST files. It holds no
     * lock while RocksDB writes them, so a flush on another thread never holds up {@link #apply}
     * (a memtable of 64 MiB takes seconds on a busy disk); every batch applied before the call is
     * durable when it returns. {@link #close} waits for it.
     */
    @Override
    public void flush() {
        synchronized (this) {
            checkOpen();
            flushing++;
        }
        try {
            flushNow();
        } finally {
            synchronized (this) {
                flushing--;
                notifyAll();
            }
        }
    }

    /** How many flushes are writing now, outside the monitor (for tests). */
    synchronized int flushesUnderWay() {
        return flushing;
    }

    private void flushNow() {
        try {
            db.flush(setup.flushOptions, List.of(data, meta));
        } catch (RocksDBException e) {
            throw failure("flush", where, e);
        }
    }

    /** RocksDB's estimate of live data in SST files, plus what the memtables hold. */
    @Override
    public long approximateBytes() {
        checkOpen();
        try {
            return db.getLongProperty(data, LIVE_DATA_BYTES) + db.getLongProperty(data, MEMTABLE_BYTES);
        } catch (RocksDBException e) {
            throw failure("size estimate", where, e);
        }
    }

    /** RocksDB's tickers; the block cache ones count data, index and filter blocks alike. */
    @Override
    public EngineStats stats() {
        checkOpen();
        Statistics s = setup.statistics;
        return new EngineStats(s.getTickerCount(TickerType.BLOCK_CACHE_HIT), s.getTickerCount(TickerType.BLOCK_CACHE_MISS),
            setup.blockCache.getUsage(), options.blockCacheBytes(), s.getTickerCount(TickerType.BYTES_WRITTEN),
            s.getTickerCount(TickerType.FLUSH_WRITE_BYTES), s.getTickerCount(TickerType.COMPACT_WRITE_BYTES),
            s.getTickerCount(TickerType.NUMBER_ITER_SKIP));
    }

    @Override
    public synchronized void close() {
        close(true);
    }

    /**
     * Closes without flushing, so every batch applied since the last flush is lost: what a crash
     * (kill -9, power loss) does to an engine whose write-ahead log is off. For tests.
     */
    synchronized void closeWithoutFlush() {
        close(false);
    }

    private void close(boolean flush) {
        boolean interrupted = false;
        while (flushing > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (closed) {
            return;
        }
        StorageException failure = null;
        if (flush) {
            try {
                flushNow();
            } catch (StorageException e) {
                failure = e;
            }
        }
        closed = true;
        for (RocksEngineSnapshot snapshot : snapshots) {
            snapshot.closeBecause("its engine was closed");
        }
        snapshots.clear();
        for (RocksEngineIterator iterator : iterators) {
            iterator.closeBecause("its engine was closed");
        }
        iterators.clear();
        data.close();
        meta.close();
        try {
            db.closeE();
        } catch (RocksDBException e) {
            failure = failure != null ? failure : failure("close", where, e);
        }
        setup.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** The directory the engine lives in. */
    public Path dir() {
        return dir;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("rocksdb engine in " + where + " is closed");
        }
    }

    static StorageException failure(String operation, String where, RocksDBException e) {
        String status = e.getStatus() == null ? "" : " [" + e.getStatus().getCodeString() + "]";
        return new StorageException("rocksdb " + operation + " failed in " + where + status + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "RocksEngine[" + where + ", applied index " + appliedIndex + "]";
    }
}
