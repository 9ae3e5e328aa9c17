package io.basalt.storage.rocksdb;

import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.StorageException;
import java.util.Objects;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * A RocksDB iterator over the data column family, bounded to {@code [start, end)}. The end is
 * RocksDB's iterate upper bound, so the iterator stops there without reading past it (range
 * tombstones and deleted keys beyond the end cost nothing); the start is applied by seeking.
 * Owns three native objects: the iterator, its read options, and the upper-bound slice, which
 * RocksDB reads by pointer and must outlive the iterator; all three are released on close.
 */
final class RocksEngineIterator implements EngineIterator {
    private static final byte[] FIRST_KEY = new byte[0];

    private final byte[] start;
    private final ReadOptions readOptions;
    private final Slice upperBound;
    private final RocksIterator iterator;
    private final Consumer<RocksEngineIterator> onClose;
    private final String where;
    private volatile String closedBecause;
    private boolean valid;
    /**
     * Whether the iterator has been positioned. The first use positions it at the start, unless
     * a seek came first: an iterator made to be seeked at once (as the version store's shared one
     * is, for every applied entry) never pays a seek to its start, which on an unbounded iterator
     * walks every deleted entry at the front of the key space.
     */
    private boolean positioned;

    /** An iterator on {@code snapshot}, or on an implicit snapshot of now when it is null. */
    RocksEngineIterator(RocksDB db, ColumnFamilyHandle family, Snapshot snapshot, byte[] start, byte[] end,
                        Consumer<RocksEngineIterator> onClose, String where) {
        this.start = start == null ? FIRST_KEY : start.clone();
        this.onClose = onClose;
        this.where = where;
        readOptions = new ReadOptions();
        if (snapshot != null) {
            readOptions.setSnapshot(snapshot);
        }
        upperBound = end == null ? null : new Slice(end);
        if (upperBound != null) {
            readOptions.setIterateUpperBound(upperBound);
        }
        iterator = db.newIterator(family, readOptions);
    }

    @Override
    public boolean isValid() {
        checkOpen();
        positionAtStartIfNew();
        return valid;
    }

    @Override
    public byte[] key() {
        checkValid("key");
        return iterator.key();
    }

    @Override
    public byte[] value() {
        checkValid("value");
        return iterator.value();
    }

    @Override
    public void next() {
        checkValid("next");
        iterator.next();
        settle();
    }

    @Override
    public void seek(byte[] target) {
        Objects.requireNonNull(target, "seek target");
        checkOpen();
        position(KeyOrder.compare(target, start) < 0 ? start : target);
    }

    private void position(byte[] target) {
        positioned = true;
        iterator.seek(target);
        settle();
    }

    private void positionAtStartIfNew() {
        if (!positioned) {
            position(start);
        }
    }

    /** Reads validity once per move; an invalid iterator may mean an error, which must not pass for the end. */
    private void settle() {
        valid = iterator.isValid();
        if (!valid) {
            try {
                iterator.status();
            } catch (RocksDBException e) {
                throw new StorageException("rocksdb iterator in " + where + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        if (closeBecause("the iterator was closed")) {
            onClose.accept(this);
        }
    }

    /** Releases the native objects; false if already closed. Called by its owner on the owner's close. */
    boolean closeBecause(String reason) {
        synchronized (this) {
            if (closedBecause != null) {
                return false;
            }
            closedBecause = reason;
        }
        valid = false;
        iterator.close();
        readOptions.close();
        if (upperBound != null) {
            upperBound.close();
        }
        return true;
    }

    private void checkOpen() {
        String reason = closedBecause;
        if (reason != null) {
            throw new IllegalStateException("rocksdb engine iterator in " + where + " is closed: " + reason);
        }
    }

    private void checkValid(String operation) {
        checkOpen();
        positionAtStartIfNew();
        if (!valid) {
            throw new IllegalStateException(operation + "() on an iterator that is past the end of its range");
        }
    }
}
