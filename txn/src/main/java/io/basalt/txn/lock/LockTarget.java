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

        /**
         * FNV-1a over the bytes, then MurmurHash3's finalizer. {@link Arrays#hashCode(byte[])}
         * gives keys that differ only in their last bytes (rows keyed by an integer) so few
         * distinct values that a transaction holding a million row locks ran its maps as
         * collision trees.
         */
        @Override
        public int hashCode() {
            int h = 0x811c9dc5;
            for (byte b : key) {
                h = (h ^ (b & 0xff)) * 0x01000193;
            }
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            return h ^ (h >>> 16);
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
