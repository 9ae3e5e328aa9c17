package io.basalt.storage.api;

/**
 * A cursor over one key range of an engine or snapshot, forward only, with seek. It starts at
 * the first key of its range; {@link #isValid()} turns false once it has passed the last.
 *
 * <p>{@link #key()} and {@link #value()} return copies the caller owns. Every method of a closed
 * iterator (closed directly, or through its snapshot or engine) throws
 * {@link IllegalStateException}, except {@link #close()}.
 */
public interface EngineIterator extends AutoCloseable {
    /** Whether the iterator is at a key of its range. */
    boolean isValid();

    /** The current key; {@link IllegalStateException} when not {@link #isValid()}. */
    byte[] key();

    /** The current value; {@link IllegalStateException} when not {@link #isValid()}. */
    byte[] value();

    /** Moves to the next key; {@link IllegalStateException} when not {@link #isValid()}. */
    void next();

    /**
     * Moves to the first key of the range at or after {@code target}, forward or back: a target
     * before the range's start lands on its first key, one at or after its end leaves the
     * iterator not valid.
     */
    void seek(byte[] target);

    @Override
    void close();
}
