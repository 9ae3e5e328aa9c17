package io.basalt.storage.api;

/**
 * A consistent read view of an engine as it was when {@link Engine#snapshot()} returned: its
 * data and its {@link #appliedIndex()}, unchanged by later batches. Holds the engine's old
 * versions (RocksDB cannot compact them away) until closed, so close it promptly.
 */
public interface Snapshot extends ReadView, AutoCloseable {
    /** Releases the snapshot and closes the iterators opened on it. */
    @Override
    void close();
}
