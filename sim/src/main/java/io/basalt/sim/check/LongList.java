package io.basalt.sim.check;

import java.util.Arrays;

/** A growable array of longs indexed from 0; unset slots read as 0. */
final class LongList {
    private long[] values = new long[64];
    private int size;

    long get(long index) {
        return index < size ? values[(int) index] : 0;
    }

    void set(long index, long value) {
        int i = (int) index;
        if (i >= values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, i + 1));
        }
        values[i] = value;
        size = Math.max(size, i + 1);
    }

    int size() {
        return size;
    }

    /** Forgets everything at or after {@code index}. */
    void truncate(long index) {
        int to = (int) Math.min(index, size);
        Arrays.fill(values, to, size, 0);
        size = to;
    }

    void clear(long fromIndex, long toIndexInclusive) {
        for (long i = fromIndex; i <= toIndexInclusive && i < size; i++) {
            values[(int) i] = 0;
        }
    }
}
