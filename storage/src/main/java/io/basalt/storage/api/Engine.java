package io.basalt.storage.api;

import java.nio.file.Path;

/**
 * An ordered byte-key/byte-value store holding a replica's applied state, with the Raft applied
 * index stored atomically beside the data. The invariants are in the package documentation.
 */
public interface Engine extends ReadView, AutoCloseable {
    /**
     * Applies {@code batch} and records {@code appliedIndex}, atomically: the batch's operations
     * in order (a later one overrides an earlier one on the same key), and the index in the same
     * write. An empty batch only moves the index. An index below {@link #appliedIndex()} is
     * refused with {@link IllegalArgumentException} and nothing is written; an equal one is
     * allowed, for writes that belong to no new log entry.
     */
    void apply(WriteBatch batch, long appliedIndex);

    /** A consistent read view as of now; close it when done. */
    Snapshot snapshot();

    /**
     * Writes a consistent copy of the engine, data and applied index, into {@code dir}, which must
     * not exist yet (its parent must). Opening {@code dir} with the same engine's {@code open}
     * gives an independent engine in that state. This is what a Raft snapshot ships.
     */
    void checkpoint(Path dir);

    /**
     * Makes everything applied so far durable: after a crash the engine reopens at least at this
     * applied index. Without it, applied batches may live only in memory (the Raft log is the
     * write-ahead log). It may run on another thread than the one applying; a batch applied
     * before the call is durable when it returns.
     */
    void flush();

    /** About how many bytes the data takes (keys and values, before and after compression alike). */
    long approximateBytes();

    /** The read cache's counters. */
    EngineStats stats();

    /** Flushes, then closes every open snapshot and iterator and releases the engine. */
    @Override
    void close();
}
