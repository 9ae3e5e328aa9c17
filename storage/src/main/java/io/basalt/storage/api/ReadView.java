package io.basalt.storage.api;

/** The reads an engine and its snapshots share. */
public interface ReadView {
    /** The value stored under {@code key}, a copy the caller owns; null if the key is absent. */
    byte[] get(byte[] key);

    /**
     * An iterator over the keys in {@code [start, end)}, in {@link KeyOrder}, positioned at the
     * first of them. A null {@code start} means from the first key, a null {@code end} to the
     * last; {@code start == end} is an empty range, and {@code start > end} is refused with
     * {@link IllegalArgumentException}. The iterator sees this view as it is now, whatever is
     * applied later, and must be closed.
     */
    EngineIterator newIterator(byte[] start, byte[] end);

    /** An iterator over every key. */
    default EngineIterator newIterator() {
        return newIterator(null, null);
    }

    /**
     * The index of the last log entry whose writes this view contains: 0 for an engine nothing
     * was ever applied to.
     */
    long appliedIndex();
}
