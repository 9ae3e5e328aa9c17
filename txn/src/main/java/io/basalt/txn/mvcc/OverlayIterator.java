package io.basalt.txn.mvcc;

import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.KeyOrder;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A forward cursor with seek over {@code [start, end)} of an engine iterator with a step's
 * writes laid over it: a key the step wrote shows the step's value, a key it deleted is
 * skipped. Unlike an {@link EngineIterator}, {@link #key()} and {@link #value()} hand out
 * arrays that must not be changed.
 *
 * <p>It finds the step's next write with a lookup in the sorted map at each move instead of
 * holding the map's own iterator, so the store may delete versions it has just passed (as gc
 * does) while the cursor is open.
 */
final class OverlayIterator implements AutoCloseable {
    private final NavigableMap<byte[], byte[]> writes;
    /** The engine's keys in the range, or null when the step cleared them. */
    private final EngineIterator base;
    private final byte[] start;
    private final byte[] end;
    /** {@link #base}'s current key, read once per position (an engine hands out a copy each time); null once past the end. */
    private byte[] baseKey;
    /** The current key, or null once past the end. */
    private byte[] key;
    /** The current value, or null while it is the base's and not read yet. */
    private byte[] value;
    /** Called on close instead of closing {@link #base} when the base is shared (and then not bounded by the range); else null. */
    private final Runnable release;

    /**
     * With {@code release} null, {@code base} is this iterator's, over {@code [start, end)}, and
     * closed with it; else {@code base} is shared, positioned at or before {@code start}, may
     * run past {@code end}, and {@code release} hands it back on close.
     */
    OverlayIterator(NavigableMap<byte[], byte[]> writes, EngineIterator base, byte[] start, byte[] end,
                    Runnable release) {
        this.writes = writes;
        this.base = base;
        this.release = release;
        this.start = start;
        this.end = end;
        readBase();
        settle(start, true);
    }

    boolean isValid() {
        return key != null;
    }

    byte[] key() {
        checkValid();
        return key;
    }

    byte[] value() {
        checkValid();
        if (value == null) {
            value = base.value();
        }
        return value;
    }

    void next() {
        checkValid();
        settle(key, false);
    }

    /** Moves to the first key at or after {@code target} (and at or after the range's start), forward or back. */
    void seek(byte[] target) {
        byte[] from = KeyOrder.compare(target, start) < 0 ? start : target;
        if (base != null) {
            base.seek(from);
            readBase();
        }
        settle(from, true);
    }

    /** Moves to the first key at or after {@code from} ({@code inclusive}) or after it that is not deleted. */
    private void settle(byte[] from, boolean inclusive) {
        while (true) {
            while (baseKey != null && (inclusive ? KeyOrder.compare(baseKey, from) < 0
                                                 : KeyOrder.compare(baseKey, from) <= 0)) {
                base.next();
                readBase();
            }
            Map.Entry<byte[], byte[]> write = inclusive ? writes.ceilingEntry(from) : writes.higherEntry(from);
            if (write != null && KeyOrder.compare(write.getKey(), end) >= 0) {
                write = null;
            }
            if (write == null && baseKey == null) {
                key = null;
                value = null;
                return;
            }
            int order = write == null ? 1 : baseKey == null ? -1 : KeyOrder.compare(write.getKey(), baseKey);
            if (order > 0) {
                key = baseKey;
                value = null;
                return;
            }
            if (write.getValue() != StepOverlay.DELETED) {
                key = write.getKey();
                value = write.getValue();
                return;
            }
            from = write.getKey();  // deleted by the step: look past it, in the engine too
            inclusive = false;
        }
    }

    private void readBase() {
        baseKey = base != null && base.isValid() ? base.key() : null;
        if (baseKey != null && release != null && KeyOrder.compare(baseKey, end) >= 0) {
            baseKey = null; // a shared base is not bounded by this range
        }
    }

    private void checkValid() {
        if (key == null) {
            throw new IllegalStateException("mvcc overlay iterator is past the end of its range");
        }
    }

    @Override
    public void close() {
        if (release != null) {
            release.run();
        } else if (base != null) {
            base.close();
        }
    }
}
