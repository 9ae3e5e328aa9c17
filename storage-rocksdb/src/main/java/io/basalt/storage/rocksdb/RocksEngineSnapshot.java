package io.basalt.storage.rocksdb;

import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.Snapshot;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A RocksDB snapshot: a sequence number that pins every version it can see. A sequence number
 * covers every column family, so the applied index read under it matches the data under it.
 */
final class RocksEngineSnapshot implements Snapshot {
    private final RocksDB db;
    private final ColumnFamilyHandle data;
    private final org.rocksdb.Snapshot snapshot;
    private final ReadOptions readOptions;
    private final long appliedIndex;
    private final Set<RocksEngineIterator> iterators = ConcurrentHashMap.newKeySet();
    private final Consumer<RocksEngineSnapshot> onClose;
    private final String where;
    private volatile String closedBecause;

    RocksEngineSnapshot(RocksDB db, ColumnFamilyHandle data, ColumnFamilyHandle meta,
                        Consumer<RocksEngineSnapshot> onClose, String where) {
        this.db = db;
        this.data = data;
        this.onClose = onClose;
        this.where = where;
        snapshot = db.getSnapshot();
        readOptions = new ReadOptions().setSnapshot(snapshot);
        try {
            appliedIndex = AppliedIndex.decode(db.get(meta, readOptions, AppliedIndex.KEY), where);
        } catch (RocksDBException e) {
            release();
            throw RocksEngine.failure("snapshot", where, e);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    @Override
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        try {
            return db.get(data, readOptions, key);
        } catch (RocksDBException e) {
            throw RocksEngine.failure("get", where, e);
        }
    }

    @Override
    public EngineIterator newIterator(byte[] start, byte[] end) {
        checkOpen();
        KeyOrder.checkRange(start, end);
        RocksEngineIterator iterator = new RocksEngineIterator(db, data, snapshot, start, end, iterators::remove, where);
        iterators.add(iterator);
        return iterator;
    }

    @Override
    public long appliedIndex() {
        checkOpen();
        return appliedIndex;
    }

    @Override
    public void close() {
        if (closeBecause("the snapshot was closed")) {
            onClose.accept(this);
        }
    }

    /** Closes the iterators on the snapshot, then releases it; false if already closed. */
    boolean closeBecause(String reason) {
        synchronized (this) {
            if (closedBecause != null) {
                return false;
            }
            closedBecause = reason;
        }
        for (RocksEngineIterator iterator : iterators) {
            iterator.closeBecause("its snapshot was closed");
        }
        iterators.clear();
        release();
        return true;
    }

    private void release() {
        readOptions.close();
        db.releaseSnapshot(snapshot);
        snapshot.close();
    }

    private void checkOpen() {
        String reason = closedBecause;
        if (reason != null) {
            throw new IllegalStateException("rocksdb engine snapshot in " + where + " is closed: " + reason);
        }
    }
}
