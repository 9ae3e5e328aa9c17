package io.basalt.server.replica;

import io.basalt.common.Invariants;
import io.basalt.raft.HardState;
import io.basalt.raft.Ready;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots and log compaction for one group: every {@code snapshotEntries} applied entries, or
 * sooner once {@code snapshotLogBytes} of entries were written to the log since the last one, it
 * writes a snapshot record (an image, or metadata only when a durable engine holds the state)
 * and the latest hard state again, then (once both are durable) lets
 * the core drop the entries the snapshot covers and releases the log segments no group needs.
 * The hard state is written again so that nothing still needed lives only in a released
 * segment. Used only on the group's event loop.
 */
final class Compactor {
    private static final Logger log = LoggerFactory.getLogger(Compactor.class);
    /** Room for the record's other fields within one log record and one frame. */
    static final int SNAPSHOT_BYTES_MAX = WalRecordLog.RECORD_BYTES_MAX - (64 << 10);

    private final long groupId;
    private final int snapshotEntries;
    private final long snapshotLogBytes;
    private final LogPipeline pipeline;
    private final LogRetention retention;
    private final LogReleaser releaser;
    private Snapshot latest;
    private boolean inFlight;
    /**
     * No snapshot by entry count before this applied index: a compaction that began, or was
     * refused, makes the next wait a whole interval (and the byte count starts again then too).
     */
    private long nextAt;
    /** Bytes of entries made durable in the log since the start (approximate: see Entry#sizeBytes). */
    private long logBytesTotal;
    /**
     * {@link #logBytesTotal} when the last snapshot began: for a flushed engine, when its flush
     * began, so that what was written during a long flush counts toward the next snapshot.
     */
    private long logBytesAtSnapshot;

    /** @param recoveredLogBytes the bytes of the entries the log holds after {@code recovered} at start */
    Compactor(long groupId, int snapshotEntries, long snapshotLogBytes, LogPipeline pipeline, LogRetention retention,
              LogReleaser releaser, Snapshot recovered, long recoveredLogBytes) {
        this.groupId = groupId;
        this.snapshotEntries = snapshotEntries;
        this.snapshotLogBytes = snapshotLogBytes;
        this.logBytesTotal = recoveredLogBytes;
        this.pipeline = pipeline;
        this.retention = retention;
        this.releaser = releaser;
        this.latest = recovered;
    }

    /** The latest durable snapshot (taken here or received from the leader), or null. */
    Snapshot latest() {
        return latest;
    }

    /** Records where a durable Ready's records sit in the log, the first at {@code firstSequence}. */
    void readyDurable(Ready r, long firstSequence) {
        if (r.snapshot() != null) {
            retention.snapshotDurable(r.snapshot().meta().index(), firstSequence);
            latest = r.snapshot();
            logBytesAtSnapshot = logBytesTotal;
        }
        for (var e : r.entries()) {
            logBytesTotal += e.sizeBytes();
        }
        retention.entriesDurable(r.entries(), firstSequence + WalRecords.firstEntryOffset(r));
        if (r.hardState() != null) {
            retention.hardStateDurable(firstSequence + WalRecords.firstEntryOffset(r) + r.entries().size());
        }
    }

    /** True if a snapshot at {@code applied} is due: enough entries or enough log bytes since the last. */
    boolean due(long applied) {
        long since = latest == null ? 0 : latest.meta().index();
        boolean entriesDue = applied - since >= snapshotEntries && applied >= nextAt;
        boolean bytesDue = logBytesTotal - logBytesAtSnapshot >= snapshotLogBytes;
        return !inFlight && applied > since && (entriesDue || bytesDue);
    }

    /**
     * A compaction at {@code applied} began with a flush of the engine off the loop: none is due
     * until {@link #flushed}, and the next not before another interval.
     */
    void flushing(long applied) {
        Invariants.check(!inFlight, "group %d: a flush for compaction while one is in flight", groupId);
        inFlight = true;
        nextAt = applied + snapshotEntries;
        logBytesAtSnapshot = logBytesTotal;
    }

    /** The flush {@link #flushing} began ended (or failed): {@link #write} may follow. */
    void flushed() {
        inFlight = false;
    }

    /**
     * Whether a state of about {@code stateBytes} (keys and values) is already too large for a
     * snapshot: then none is built, since building the image of a large state stops the group's
     * loop for seconds only to be refused. The next attempt waits another interval.
     */
    boolean tooLarge(long applied, long stateBytes) {
        if (stateBytes <= SNAPSHOT_BYTES_MAX) {
            return false;
        }
        nextAt = applied + snapshotEntries;
        logBytesAtSnapshot = logBytesTotal;
        log.warn("group {}: state of about {} bytes exceeds the snapshot limit of {} bytes; log not compacted",
            groupId, stateBytes, SNAPSHOT_BYTES_MAX);
        return true;
    }

    /**
     * Writes {@code snapshot} and the latest hard state; when durable, {@code compactCore} tells
     * the Raft node and old segments are released. An image snapshot larger than one record is
     * not written (the log is not compacted); an external one is metadata only and always fits.
     */
    void write(Snapshot snapshot, HardState hardState, Consumer<Snapshot> compactCore) {
        SnapshotMeta meta = snapshot.meta();
        nextAt = meta.index() + snapshotEntries;
        if (!snapshot.external()) {
            logBytesAtSnapshot = logBytesTotal; // an external one counts from its flush's start
        }
        if (snapshot.data().length > SNAPSHOT_BYTES_MAX) {
            // An image travels as one record; a larger state is not compacted (the log grows)
            // rather than failing the log. Nodes on RocksDB write external snapshots instead.
            log.warn("group {}: state of {} bytes exceeds the snapshot limit of {} bytes; log not compacted",
                groupId, snapshot.data().length, SNAPSHOT_BYTES_MAX);
            return;
        }
        inFlight = true;
        pipeline.submit(List.of(WalRecords.snapshot(groupId, snapshot), WalRecords.hardState(groupId, hardState)),
            first -> {
                inFlight = false;
                if (latest == null || latest.meta().index() < meta.index()) {
                    latest = snapshot;
                }
                retention.snapshotDurable(meta.index(), first);
                retention.hardStateDurable(first + 1);
                compactCore.accept(snapshot);
                releaser.release(groupId, retention.firstNeeded());
                log.debug("group {}: snapshot at {} written, log compacted", groupId, meta.index());
            });
    }
}
