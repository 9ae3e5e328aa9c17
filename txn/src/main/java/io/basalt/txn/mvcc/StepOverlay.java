package io.basalt.txn.mvcc;

import io.basalt.common.Invariants;
import io.basalt.storage.api.Engine;
import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.WriteBatch;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The writes of one state-machine step that the engine does not have yet: the last value put
 * or the deletion of each engine key, and whether the step cleared a whole key range. Reads
 * during the step go through {@link #iterator}, which lays these writes over the engine, so a
 * command sees what an earlier command of the same step wrote. {@link #writeTo} turns them into
 * the batch that is applied with the step's index.
 *
 * <p>The final state per key is enough: within one batch only the last write to a key counts,
 * and a cleared range is written as a range deletion before everything else.
 */
final class StepOverlay {
    /** Marks a deleted key; compared by identity (a stored value is never this array). */
    static final byte[] DELETED = new byte[0];

    private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(KeyOrder.ORDER);
    /**
     * An engine iterator over every key, kept for the step's reads until the engine changes
     * ({@link #reset}): the engine does not change during a step, so one iterator, seeked
     * anew for each read, serves them all, and RocksDB's cost of opening an iterator is paid
     * once a step instead of once a read. Null until the first read.
     */
    private EngineIterator shared;
    /** Whether an open {@link OverlayIterator} is using {@link #shared}. */
    private boolean sharedInUse;
    /** The cleared range, or null: the engine's keys in it are hidden from reads. */
    private byte[] clearedStart;
    private byte[] clearedEnd;

    /** Puts {@code value} under {@code key}; both arrays become the overlay's. */
    void put(byte[] key, byte[] value) {
        writes.put(key, value);
    }

    /** Deletes {@code key}; the array becomes the overlay's. */
    void delete(byte[] key) {
        writes.put(key, DELETED);
    }

    /** Deletes every key in {@code [start, end)}, the engine's and the step's. */
    void clear(byte[] start, byte[] end) {
        // One cleared range is all the store needs: a second must be the same one.
        Invariants.check(clearedStart == null
            || KeyOrder.compare(clearedStart, start) == 0 && KeyOrder.compare(clearedEnd, end) == 0,
            "step clears %s..%s after clearing %s..%s", KeyOrder.show(start), KeyOrder.show(end),
            KeyOrder.show(clearedStart), KeyOrder.show(clearedEnd));
        clearedStart = start;
        clearedEnd = end;
        writes.subMap(start, true, end, false).clear();
    }

    boolean isEmpty() {
        return writes.isEmpty() && clearedStart == null;
    }

    /** Adds the step's writes to {@code batch}: the cleared range first, then each key's last write. */
    void writeTo(WriteBatch batch) {
        if (clearedStart != null) {
            batch.deleteRange(clearedStart, clearedEnd);
        }
        for (Map.Entry<byte[], byte[]> write : writes.entrySet()) {
            if (write.getValue() == DELETED) {
                batch.delete(write.getKey());
            } else {
                batch.put(write.getKey(), write.getValue());
            }
        }
    }

    /** Forgets the step's writes, once the engine has them, and the iterator of the engine as it was. */
    void reset() {
        writes.clear();
        clearedStart = null;
        clearedEnd = null;
        if (shared != null) {
            Invariants.check(!sharedInUse, "the engine changed under an open overlay iterator");
            shared.close();
            shared = null;
        }
    }

    /**
     * An iterator over {@code [start, end)} of the engine with this overlay on top. The range
     * must lie inside or outside the cleared range, never across its bounds, which holds for the
     * store's ranges: every one lies in the version key space, which is what it clears.
     */
    OverlayIterator iterator(Engine engine, byte[] start, byte[] end) {
        boolean hidden = clearedStart != null && KeyOrder.compare(start, clearedStart) >= 0
            && KeyOrder.compare(end, clearedEnd) <= 0;
        if (hidden) {
            return new OverlayIterator(writes, null, start, end, null);
        }
        if (sharedInUse) {
            // Nested reads do not happen in the store today; should one, it gets its own.
            return new OverlayIterator(writes, engine.newIterator(start, end), start, end, null);
        }
        if (shared == null) {
            shared = engine.newIterator(null, null);
        }
        shared.seek(start);
        sharedInUse = true;
        return new OverlayIterator(writes, shared, start, end, () -> sharedInUse = false);
    }
}
