package io.basalt.txn.lock;

import io.basalt.txn.KeyRange;
import io.basalt.txn.Keys;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a lock is on: one key, or a key range. Scans lock ranges so that a key inserted into
 * the scanned range by another transaction (a phantom) must wait for the scan's transaction.
 * Two targets are the same lock only when they are equal; overlapping targets are distinct
 * locks that may conflict.
 */
public sealed interface LockTarget permits LockTarget.Point, LockTarget.Range {

    /** True if some key is covered by both targets. */
    boolean overlaps(LockTarget other);

    static LockTarget key(byte[] key) {
        return new Point(key);
    }

    static LockTarget range(KeyRange r) {
        return new Range(r);
    }

    /**
     * A lock on one key. The key is copied on construction because the table keeps it for as
     * long as the lock is held, and key encoders commonly reuse their buffers; callers must not
     * change the array that {@link #key()} returns.
     */
    record Point(byte[] key) implements LockTarget {
        public Point {
            Objects.requireNonNull(key, "key");
            key = key.clone();
        }

        @Override
        public boolean overlaps(LockTarget other) {
            return switch (other) {
                case Point p -> Arrays.equals(key, p.key);
                case Range r -> r.range().contains(key);
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point p && Arrays.equals(key, p.key);
        }

        /** {@link Keys#hash}: integer-keyed rows must not collide (a transaction may hold a million row locks). */
        @Override
        public int hashCode() {
            return Keys.hash(key);
        }

        @Override
        public String toString() {
            return Keys.show(key);
        }
    }

    /** A lock on every key of a range, present or not. An empty range overlaps nothing. */
    record Range(KeyRange range) implements LockTarget {
        public Range {
            Objects.requireNonNull(range, "range");
        }

        @Override
        public boolean overlaps(LockTarget other) {
            return switch (other) {
                case Point p -> range.contains(p.key());
                case Range r -> range.overlaps(r.range);
            };
        }

        @Override
        public String toString() {
            return range.toString();
        }
    }
}
