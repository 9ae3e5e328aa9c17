package io.basalt.server.replica;

import io.basalt.storage.wal.RecordVisitor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The node's write-ahead log as the replicas use it: records numbered by a sequence that grows
 * by one per record, appended in batches that become durable together. Production uses
 * {@link WalRecordLog}; tests put a log in front that fails an fsync on demand.
 */
public interface RecordLog extends AutoCloseable {

    /** Visits every record in sequence order. Called once, before the first append. */
    void replay(RecordVisitor visitor) throws IOException;

    /**
     * Appends {@code records} in order, after everything appended before.
     *
     * @return completes with the sequence of the batch's last record once it is durable, or
     *         exceptionally if it cannot be made durable (which is final for the log)
     */
    CompletableFuture<Long> append(List<byte[]> records);

    /** What the log has made durable since it was opened; a log that keeps no counters reports none. */
    default LogStats stats() {
        return LogStats.NONE;
    }

    /** Lets the log delete whole segments whose records all precede {@code sequence}. */
    void releaseBefore(long sequence) throws IOException;

    @Override
    void close() throws IOException;
}
