package io.basalt.server.replica;

import io.basalt.common.Invariants;
import io.basalt.common.NodeId;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.Message;
import io.basalt.raft.RaftNode;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import io.basalt.raft.SoftState;
import io.basalt.raft.transfer.TransferMessage;
import io.basalt.server.NodeConfig;
import io.basalt.server.client.SnapshotProgress;
import io.basalt.server.snapshot.IncomingStaging;
import io.basalt.server.snapshot.OutgoingCheckpoints;
import io.basalt.server.snapshot.SnapshotTransfers;
import io.basalt.storage.api.Engine;
import io.basalt.storage.api.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's snapshots beside its Raft core: which snapshot a compaction writes (external, metadata
 * only, on a durable engine; an image in memory), what a leader streams to a follower the core
 * says is behind (a checkpoint of the engine, or the image), and installing a received checkpoint
 * as the engine, at once or, after a crash in between, at the next start. Used on the group's
 * event loop; the transfers themselves run on their own thread ({@link SnapshotTransfers}).
 */
final class GroupSnapshots {
    private static final Logger log = LoggerFactory.getLogger(GroupSnapshots.class);

    private final long groupId;
    private final NodeConfig config;
    private final KvStateMachine kv;
    /** The engine under {@link #kv}, or null when the state machine was handed in alone. */
    private final StateEngines.Opened opened;
    private final Outbox outbox;
    /**
     * Whether snapshots are external (metadata only in the log): the state lives in a durable
     * engine (RocksDB), flushed before each compaction. A memory engine has nothing durable but
     * the log, so its snapshots carry the state's image.
     */
    private final boolean external;
    /** The leader's checkpoints of its engine; null unless {@link #external}. */
    private final OutgoingCheckpoints checkpoints;
    private final IncomingStaging staging;
    private final SnapshotTransfers transfers;
    /** Compaction's flushes of a durable engine, off the group's loop ({@link #flushInBackground}). */
    private final ExecutorService flusher;

    GroupSnapshots(long groupId, NodeConfig config, KvStateMachine kv, StateEngines.Opened opened, Outbox outbox,
                   SnapshotTransfers.Group group) {
        this.groupId = groupId;
        this.config = config;
        this.kv = kv;
        this.opened = opened;
        this.outbox = outbox;
        this.external = opened != null && !config.storage().inMemory();
        // Checkpoints live beside the engine's files, on their file system: taking one hard-links
        // the engine's files, and installing a received one is a rename into the engine's place,
        // which works only within one file system (DATA_DIR/state may be a disk of its own).
        Path snapshotsHome = external ? StateEngines.dir(config, groupId).getParent() : config.dataDir();
        this.checkpoints = external ? new OutgoingCheckpoints(snapshotsHome, groupId) : null;
        this.flusher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "basalt-" + config.id() + "-g" + groupId + "-flush");
            t.setDaemon(true);
            return t;
        });
        this.staging = new IncomingStaging(snapshotsHome, groupId, config.snapshots().chunkBytes());
        this.transfers = new SnapshotTransfers(groupId, config.id(), !external, checkpoints, staging,
            config.snapshots(), new SnapshotTransfers.Link() {
                @Override
                public boolean send(TransferMessage m) {
                    return outbox.send(m);
                }

                @Override
                public boolean writable(NodeId peer) {
                    return outbox.writable(peer);
                }
            }, group);
    }

    boolean external() {
        return external;
    }

    /**
     * At start, before the core exists: a received checkpoint waits in the staging until its
     * snapshot's record is durable and it is swapped in; if a crash came in between, the log's
     * latest snapshot is that received one and its checkpoint is still staged: the swap is
     * finished now. Every other staged checkpoint is dropped. Returns whether one was installed.
     */
    boolean finishInterruptedInstall(Snapshot snapshot, boolean received) {
        boolean installed = false;
        SnapshotMeta pending = snapshot != null && snapshot.external() && received ? snapshot.meta() : null;
        if (pending != null && external && Files.isDirectory(staging.ready(pending))) {
            log.info("group {} on {}: installing the received checkpoint at index {} whose install a restart"
                + " interrupted (engine at {})", groupId, config.id(), pending.index(), kv.appliedIndex());
            opened.install(staging.ready(pending));
            Invariants.check(kv.appliedIndex() == pending.index(), "group %d: checkpoint for %s holds index %d",
                groupId, pending, kv.appliedIndex());
            installed = true;
        }
        staging.dropReady();
        return installed;
    }

    /**
     * At start: an external snapshot in the log needs the engine at or past its index.
     *
     * @throws StorageException saying why the node cannot start and what to do
     */
    void checkEngineHolds(Snapshot snapshot, long engineIndex) {
        if (snapshot == null || !snapshot.external() || snapshot.meta().index() <= kv.appliedIndex()) {
            return;
        }
        throw new StorageException(external
            ? "group " + groupId + ": the log's snapshot at index " + snapshot.meta().index()
                + " is held by the state engine, but the engine in " + StateEngines.dir(config, groupId)
                + " is at index " + engineIndex + ": the engine's files were lost or replaced, and the log no longer"
                + " holds the entries before the snapshot, so this node cannot rebuild its state (operations.md,"
                + " \"Restarting and recovery\")"
            : "group " + groupId + ": the log's snapshot at index " + snapshot.meta().index()
                + " is held by a RocksDB state engine, and this node runs with its state in memory: start it"
                + " without --in-memory");
    }

    /**
     * The image snapshot a compaction due at {@code applied} writes on a state in memory, or null
     * if the state is too large for one ({@code tooLarge}).
     */
    Snapshot image(RaftNode raft, long applied, long appliedTerm, LongPredicate tooLarge) {
        Invariants.check(!external, "group %d: an image snapshot of a durable engine", groupId);
        if (tooLarge.test(kv.approximateBytes())) {
            return null;
        }
        kv.flush(); // a memory engine has nothing to flush; one handed in may
        return new Snapshot(new SnapshotMeta(applied, appliedTerm, raft.membershipAt(applied)), kv.snapshot());
    }

    /**
     * On a durable engine, a compaction first flushes the engine, on a thread of its own: the log
     * is the engine's write-ahead log and may drop entries only up to what the engine has on
     * disk, and a flush writes up to a memtable (64 MiB), which on a busy disk takes longer than
     * an election timeout. On the group's loop it would stop heartbeats and replies (a leader
     * whose followers flush at the same index steps down by check-quorum). The loop applies on
     * meanwhile; {@code done} runs (on the flush thread) once every batch applied before this
     * call is durable, {@code failed} if the flush failed.
     */
    void flushInBackground(Runnable done, Consumer<RuntimeException> failed) {
        Invariants.check(external, "group %d: a background flush of a state in memory", groupId);
        Engine engine = opened.engine();
        flusher.execute(() -> {
            try {
                engine.flush();
            } catch (RuntimeException e) {
                failed.accept(e);
                return;
            }
            done.run();
        });
    }

    /**
     * The external snapshot a compaction writes once the engine is durable through
     * {@code durable} (a flush that began there ended), or null if none now: not past a
     * checkpoint being sent (its follower continues from the entries after it), and only past
     * the log's current snapshot.
     */
    Snapshot external(RaftNode raft, long durable, long durableTerm) {
        long hold = transfers.holdIndex();
        long snapshotIndex = raft.status().firstIndex() - 1;
        long at = hold >= snapshotIndex ? Math.min(durable, hold) : durable;
        if (at <= snapshotIndex) {
            return null;
        }
        long term = at == durable ? durableTerm : raft.termAt(at);
        return Snapshot.external(new SnapshotMeta(at, term, raft.membershipAt(at)));
    }

    /**
     * The core wants {@code m}'s follower brought up to its snapshot: start a transfer unless one
     * to that follower runs or its link is down. On a durable engine the follower gets a
     * checkpoint of the engine as applied now, between two entries (a committed index at or past
     * the core's snapshot), or a checkpoint taken before that the log can still continue from; in
     * memory it gets the snapshot's image.
     */
    void send(RaftNode raft, Message.InstallSnapshot m) {
        if (transfers.busy(m.to()) || !outbox.writable(m.to())) {
            return; // the core asks again every election timeout
        }
        if (!external) {
            if (m.snapshot().external()) {
                log.warn("group {} on {}: no image to send {} (the log's snapshot is in an engine)", groupId,
                    config.id(), m.to());
                return;
            }
            transfers.send(m.to(), m.term(), m.snapshot());
            return;
        }
        OutgoingCheckpoints.Checkpoint c = checkpoints.acquireReusable(raft.status().firstIndex() - 1, raft::termAt);
        if (c == null) {
            long applied = kv.appliedIndex();
            Invariants.check(opened.engine().appliedIndex() == applied, "group %d: engine at %d, state machine at %d",
                groupId, opened.engine().appliedIndex(), applied);
            try {
                c = checkpoints.take(opened.engine(), new SnapshotMeta(applied, kv.term(), raft.membershipAt(applied)));
            } catch (StorageException | IllegalArgumentException e) {
                log.warn("group {} on {}: cannot take a checkpoint to send {}: {}", groupId, config.id(), m.to(),
                    e.getMessage());
                return;
            }
        }
        transfers.send(m.to(), m.term(), c);
    }

    /**
     * Makes the received checkpoint of {@code meta} the engine: its record is durable, so the
     * swap (close, rename, reopen) is finished at the next start if a crash interrupts it. It
     * may take the applied index back only when the core installs a snapshot below it (after an
     * async failover), as an image install does.
     */
    void install(SnapshotMeta meta) {
        Path ready = staging.ready(meta);
        Invariants.check(external && Files.isDirectory(ready), "group %d: the core installs %s, which was not"
            + " received here", groupId, meta);
        long before = kv.appliedIndex();
        if (meta.index() < before) {
            log.warn("group {} on {}: the leader's snapshot at {} replaces entries up to {} this replica applied",
                groupId, config.id(), meta.index(), before);
        }
        opened.install(ready);
        Invariants.check(kv.appliedIndex() == meta.index(), "group %d: checkpoint for %s holds index %d", groupId,
            meta, kv.appliedIndex());
        staging.dropReadyBelow(meta.index());
        transfers.installed();
        log.info("group {} on {}: installed the snapshot at index {} (term {}) as its state engine, applied index {}"
            + " before", groupId, config.id(), meta.index(), meta.term(), before);
    }

    void deliver(TransferMessage m) {
        transfers.deliver(m);
    }

    void onSoftState(SoftState s) {
        transfers.onSoftState(s);
    }

    List<SnapshotProgress> progress() {
        return transfers.progress();
    }

    void stop() {
        transfers.stop();
        flusher.shutdown();
    }
}
