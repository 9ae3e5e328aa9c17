package io.basalt.server.replica;

import io.basalt.common.Clock;
import io.basalt.common.Invariants;
import io.basalt.common.Prng;
import io.basalt.kv.KvResult;
import io.basalt.kv.KvStateMachine;
import io.basalt.storage.api.EngineStats;
import io.basalt.raft.Entry;
import io.basalt.raft.EntryType;
import io.basalt.raft.HardState;
import io.basalt.raft.Membership;
import io.basalt.raft.Message;
import io.basalt.raft.RaftConfig;
import io.basalt.raft.RaftNode;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftState;
import io.basalt.raft.RaftStatus;
import io.basalt.raft.ReadMode;
import io.basalt.raft.Ready;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import io.basalt.raft.SoftState;
import io.basalt.server.NodeConfig;
import io.basalt.server.proto.NodeProto.ClientRequest;
import io.basalt.server.proto.NodeProto.ClientResponse;
import io.basalt.storage.api.Engine;
import io.basalt.storage.api.StorageException;
import java.nio.file.Path;
import io.basalt.server.proto.NodeProto.Error.Code;
import io.basalt.server.transport.Responder;
import io.basalt.common.NodeId;
import io.basalt.raft.transfer.TransferMessage;
import io.basalt.server.client.SnapshotProgress;
import io.basalt.server.snapshot.SnapshotTransfers;
import io.basalt.txn.HybridClock;
import io.basalt.txn.engine.TxnStats;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of one group on a real node: the driver of its {@link RaftNode} and
 * {@link KvStateMachine}. Both are owned by ONE event-loop thread; every input (a message, a
 * tick of the system clock, a client request, a finished write) is a task on that loop, after
 * which the loop takes every Ready and hands it to the {@link LogPipeline}. When a Ready's
 * records are durable its messages are sent, the node is told {@code persisted}, committed
 * entries are applied and clients answered: persist before send, never the other way round.
 * The loop does not wait for fsyncs, so several Readys are in flight at once.
 *
 * <p>A failed write to the log is final: the replica stops driving Raft (it sends nothing more,
 * so the others elect a leader without it; a leader first hands the group to its most caught-up
 * follower, {@link LeaderHandOff}), refuses every client with the cause's SQLSTATE
 * ({@link LogFault}), reports the cause in its status, and logs it.
 */
public final class GroupReplica {
    private static final Logger log = LoggerFactory.getLogger(GroupReplica.class);
    /** Promote and transfer give up after this many minimum election timeouts. */
    private static final int ADMIN_TIMEOUT_ELECTIONS = 20;
    /** A peer's timestamp further ahead of our clock than this is refused (a broken clock). */
    private static final long CLOCK_OFFSET_MICROS_MAX = 500_000;
    private static final Clock SYSTEM_CLOCK = () -> {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    };

    private final long groupId;
    private final NodeConfig config;
    private final RaftNode raft;
    private final KvStateMachine kv;
    /** The engine under {@link #kv} (it may swap it), or null when the state machine was handed in alone. */
    private final StateEngines.Opened opened;
    /** Compaction's snapshots, transfers to and from this replica, installs of received checkpoints. */
    private final GroupSnapshots snapshots;
    /** The newest term this replica knows, for the transfer thread. */
    private volatile long knownTerm;
    /**
     * Counts replacements of the engine's state (a snapshot installed or restored), so that a
     * compaction whose flush began before one does not compact the log by the old engine.
     */
    private long engineEpoch;
    private final ScheduledThreadPoolExecutor loop;
    private final Outbox outbox;
    private final LogPipeline pipeline;
    private final Compactor compactor;
    private final ClientWaiters waiters = new ClientWaiters();
    private final GroupRequests requests;
    private final TxnHost txns;
    private HardState lastHardState;
    private long lastAppliedTerm;
    private long lastPersistedIndex;
    private long lastPersistedTerm;
    /**
     * The highest index the core handed out to apply (or installed as a snapshot). After a
     * restart the state machine runs ahead of it until the core hands the recovered entries out
     * again, and the core compacts only what it handed out.
     */
    private long deliveredIndex;
    /** What the restart found: the engine's applied index, and how many log entries it replayed after it. */
    private final Recovered recoveredFrom;
    /** Readys taken but not yet durable whose committed entries wait for their write. */
    private int lateApplies;
    /** A flush of the core's effects is queued on the loop. */
    private boolean flushQueued;
    private SoftState soft;
    private boolean kvClosed;
    /** Why this replica stopped serving, or null while it serves; read by status from any thread. */
    private volatile String stopped;
    /** The SQLSTATE of why it stopped (a log fault), or null. */
    private String stoppedSqlState;
    private final LeaderHandOff handOff;
    /** How long one flush runs before it lets queued ticks and messages go first. */
    private static final long FLUSH_NANOS_MAX = TimeUnit.MILLISECONDS.toNanos(20);
    /** Ticks of history kept beyond the lease's; see {@link #withinLease}. */
    private static final int TICK_HISTORY_MIN = 16;
    /** The monotonic clock when each recent tick began, by tick number modulo the length. */
    private final long[] tickNanos;
    /** How long a lease lasts on the monotonic clock; 0 with leases off. */
    private final long leaseNanos;

    /**
     * How a replica's state machine was brought back at start: its engine held the state through
     * {@code engineIndex}; a snapshot from the log was installed if {@code snapshotInstalled};
     * {@code entriesReplayed} log entries were applied after that.
     */
    public record Recovered(long engineIndex, boolean snapshotInstalled, long entriesReplayed) {}

    /**
     * The replica of group {@code groupId}, its state machine on the engine
     * {@link StateEngines#open} opens.
     *
     * @throws io.basalt.storage.api.StorageException if the engine cannot be opened
     */
    public GroupReplica(long groupId, NodeConfig config, RecoveredGroup recovered, RecordLog recordLog,
                        LogReleaser releaser, Outbox outbox) {
        this(groupId, config, recovered, recordLog, releaser, outbox, StateEngines.open(config, groupId));
    }

    private GroupReplica(long groupId, NodeConfig config, RecoveredGroup recovered, RecordLog recordLog,
                         LogReleaser releaser, Outbox outbox, StateEngines.Opened opened) {
        this(groupId, config, recovered, recordLog, releaser, outbox, opened.kv(), opened);
    }

    /** The replica of group {@code groupId} on state machine {@code kv}, which it owns and closes in {@link #stop}. */
    public GroupReplica(long groupId, NodeConfig config, RecoveredGroup recovered, RecordLog recordLog,
                        LogReleaser releaser, Outbox outbox, KvStateMachine kv) {
        this(groupId, config, recovered, recordLog, releaser, outbox, kv, null);
    }

    private GroupReplica(long groupId, NodeConfig config, RecoveredGroup recovered, RecordLog recordLog,
                         LogReleaser releaser, Outbox outbox, KvStateMachine kv,
                         StateEngines.Opened opened) {
        this.groupId = groupId;
        this.kv = kv;
        this.opened = opened;
        this.config = config;
        this.outbox = outbox;
        this.loop = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "basalt-" + config.id() + "-g" + groupId);
            t.setDaemon(true);
            return t;
        });
        RaftState state = recovered.raftState();
        this.knownTerm = state.hardState().term();
        this.snapshots = new GroupSnapshots(groupId, config, kv, opened, outbox, new SnapshotTransfers.Group() {
                @Override
                public void received(NodeId leader, long term, Snapshot snapshot) {
                    post(() -> {
                        if (stopped == null) {
                            raft.step(new Message.InstallSnapshot(groupId, leader, config.id(), term, snapshot));
                        }
                    });
                }

                @Override
                public long term() {
                    return knownTerm;
                }
            });
        try {
            this.recoveredFrom = restoreStateMachine(recovered.snapshot(), recovered.snapshotReceived(), state);
        } catch (RuntimeException e) {
            snapshots.stop(); // its thread: the node will not start this replica
            throw e;
        }
        this.lastHardState = state.hardState();
        this.raft = new RaftNode(raftConfig(groupId, config), new Prng(new SecureRandom().nextLong()), state);
        if (recovered.snapshot() != null) {
            // Registers the snapshot's data, so the core can send it to replicas that fall behind.
            raft.compact(recovered.snapshot());
            deliveredIndex = recovered.snapshot().meta().index();
        }
        this.pipeline = new LogPipeline(recordLog, this::post, this::onLogFailure);
        this.handOff = new LeaderHandOff(raft, outbox);
        long recoveredLogBytes = state.entries().stream().mapToLong(Entry::sizeBytes).sum();
        this.compactor = new Compactor(groupId, config.snapshotEntries(), config.snapshotLogBytes(), pipeline,
            recovered.retention(), releaser, recovered.snapshot(), recoveredLogBytes);
        long adminTimeoutMs = (long) ADMIN_TIMEOUT_ELECTIONS * config.electionTicks() * config.tickMs();
        // One clock per group for now; with several groups per node it becomes the node's.
        HybridClock clock = new HybridClock(SYSTEM_CLOCK, CLOCK_OFFSET_MICROS_MAX);
        this.tickNanos = new long[TICK_HISTORY_MIN + 2 * config.electionTicks()];
        tickNanos[0] = System.nanoTime();
        // The lease is half the minimum election timeout (raftConfig), less a margin for the
        // followers' clocks running at a slightly different rate.
        this.leaseNanos = config.readLease()
            ? TimeUnit.MILLISECONDS.toNanos((long) config.tickMs() * (config.electionTicks() / 2)) * 9 / 10 : 0;
        this.txns = new TxnHost(groupId, config, raft, kv, waiters, clock, config.readLease() ? this::withinLease : null);
        this.requests = new GroupRequests(groupId, config, raft, waiters, txns, adminTimeoutMs);
    }

    static RaftConfig raftConfig(long groupId, NodeConfig config) {
        Membership members = new Membership(new TreeSet<>(config.peers().keySet()), new TreeSet<>());
        // The core confirms reads by read index; the driver may serve them on this lease instead,
        // measured on the monotonic clock (withinLease).
        int leaseTicks = config.electionTicks() / 2;
        return RaftConfig.defaults(groupId, config.id(), members)
            .withElection(config.electionTicks(), config.heartbeatTicks(), leaseTicks)
            .withModes(config.replicationMode(), config.failoverMode(), ReadMode.READ_INDEX)
            .withPreVoteAndCheckQuorum(true, true);
    }

    /**
     * Brings the applied state up to the log: the engine already holds it through its applied
     * index; the log's snapshot is installed only if it is newer (its install had not reached the
     * engine's disk before a crash, or the engine is in memory), then the committed entries after
     * that are applied. Nothing at or below the engine's index is applied again.
     */
    private Recovered restoreStateMachine(Snapshot snapshot, boolean received, RaftState state) {
        long engineIndex = kv.appliedIndex();
        lastAppliedTerm = kv.term();
        boolean installed = snapshots.finishInterruptedInstall(snapshot, received);
        if (installed) {
            lastAppliedTerm = snapshot.meta().term();
        }
        if (snapshot != null) {
            snapshots.checkEngineHolds(snapshot, engineIndex);
            if (!snapshot.external() && snapshot.meta().index() > engineIndex) {
                kv.restore(snapshot.meta().index(), snapshot.data());
                lastAppliedTerm = snapshot.meta().term();
                installed = true;
            }
            lastPersistedIndex = snapshot.meta().index();
            lastPersistedTerm = snapshot.meta().term();
        }
        long replayed = 0;
        for (Entry e : state.entries()) {
            if (e.index() <= state.hardState().commit() && e.index() > kv.appliedIndex()) {
                applyEntry(e);
                replayed++;
            }
            lastPersistedIndex = e.index();
            lastPersistedTerm = e.term();
        }
        return new Recovered(engineIndex, installed, replayed);
    }

    /**
     * Starts the system-clock ticks. With a fixed delay, not a fixed rate: after a stall (a GC
     * pause, a busy machine) a fixed rate would fire the missed ticks in a burst ahead of the
     * messages queued meanwhile, and a leader would count a quorum silent that had answered.
     */
    public void start() {
        loop.scheduleWithFixedDelay(this::onTick, config.tickMs(), config.tickMs(), TimeUnit.MILLISECONDS);
        log.info("group {} on {} started: log through {}; state engine at {}{}, {} entries replayed after it,"
            + " applied through {}", groupId, config.id(), lastPersistedIndex, recoveredFrom.engineIndex(),
            recoveredFrom.snapshotInstalled() ? " (behind the log's snapshot, which was installed)" : "",
            recoveredFrom.entriesReplayed(), kv.appliedIndex());
    }

    /**
     * Whether less than the lease has passed, in real time, since tick {@code tick} began. Ticks
     * run with a fixed delay, so after a pause (a collection, a stalled machine) the core's tick
     * count lags real time: measuring the lease on the monotonic clock keeps a paused leader from
     * trusting acknowledgements older than it thinks.
     */
    private boolean withinLease(long tick) {
        long age = raft.ticks() - tick;
        if (age < 0 || age >= tickNanos.length) {
            return false;
        }
        return System.nanoTime() - tickNanos[(int) (tick % tickNanos.length)] < leaseNanos;
    }

    /** A snapshot transfer message for this group arrived from a peer. */
    public void deliver(TransferMessage message) {
        snapshots.deliver(message);
    }

    /** The snapshot transfers under way to or from this replica. */
    public List<SnapshotProgress> snapshotTransfers() {
        return snapshots.progress();
    }

    /** A Raft message for this group arrived from a peer. */
    public void deliver(Message message) {
        post(() -> {
            if (stopped == null) {
                raft.step(message);
            } else {
                handOff.step(message);
            }
        });
    }

    /** A client request for this group; answered through {@code responder}. */
    public void request(ClientRequest request, Responder responder) {
        if (!post(() -> {
            if (stopped != null) {
                responder.reply(txns.stoppedAnswer(request, stopped, stoppedSqlState));
            } else {
                requests.handle(request, responder);
            }
        })) {
            responder.reply(Responses.error(Code.UNAVAILABLE, "node " + config.id() + " is shutting down"));
        }
    }

    /**
     * A backup request: on the loop, between two applied entries, a checkpoint of the state
     * engine into {@code checkpointDir} (which must not exist) at the applied index I, which is
     * committed (nothing is applied before it commits), so every replica that applied through I
     * holds the same state. Answered with {@code reply} of the point taken; a follower asked
     * for the leader's backup redirects to the leader.
     */
    public void backup(ClientRequest request, Path checkpointDir, Responder responder,
                       Function<BackupPoint, ClientResponse.Builder> reply) {
        if (!post(() -> {
            if (stopped != null) {
                responder.reply(Responses.error(Code.WRITES_STOPPED, stopped));
            } else if (opened == null) {
                responder.reply(Responses.error(Code.INVALID, "group " + groupId + " on " + config.id()
                    + " has no engine to back up"));
            } else if (request.getBackup().getAnyReplica()) {
                checkpoint(checkpointDir, responder, reply);
            } else {
                // The leader's: confirmed by a read index round, so that the checkpoint holds every
                // write acknowledged before the request came, even just after a leader change.
                requests.afterReadIndex(responder, applied -> checkpoint(checkpointDir, responder, reply));
            }
        })) {
            responder.reply(Responses.error(Code.UNAVAILABLE, "node " + config.id() + " is shutting down"));
        }
    }

    /** On the loop, between two applied entries: the engine holds exactly the state at its applied index. */
    private void checkpoint(Path checkpointDir, Responder responder, Function<BackupPoint, ClientResponse.Builder> reply) {
        Engine e = opened.engine();
        Invariants.check(e.appliedIndex() == kv.appliedIndex(), "group %d: engine at %d, state machine at %d",
            groupId, e.appliedIndex(), kv.appliedIndex());
        try {
            e.checkpoint(checkpointDir);
        } catch (StorageException | IllegalArgumentException failed) {
            // INVALID: the client reports it at once instead of trying other nodes.
            responder.reply(Responses.error(Code.INVALID, "node " + config.id()
                + " could not take a checkpoint of group " + groupId + ": " + failed.getMessage()));
            return;
        }
        // The term the engine itself records for its last entry, which a restore checks.
        responder.reply(reply.apply(new BackupPoint(e.appliedIndex(), kv.term(), raft.status().membership(),
            config.storage().inMemory() ? BackupPoint.MEMORY : BackupPoint.ROCKSDB)));
    }

    /** This replica's Raft status, taken on its loop. */
    public CompletableFuture<RaftStatus> status() {
        return call(() -> stopped == null ? raft.status() : steppedDown(raft.status()));
    }

    /** The read cache of this replica's state engine, read on the loop (the engine may be swapped by a snapshot). */
    public CompletableFuture<EngineStats> engineStats() {
        return call(() -> {
            if (kvClosed) {
                return EngineStats.NONE;
            }
            try {
                return kv.engineStats();
            } catch (IllegalStateException closed) {
                // A failed install (the group stopped) left the engine closed: status still answers.
                return EngineStats.NONE;
            }
        });
    }

    /** The transaction engine's counters, or null while this replica does not lead. */
    public CompletableFuture<TxnStats> txnStats() {
        return call(txns::stats);
    }

    /** How many reads this replica confirmed on its leader lease, without a heartbeat round. */
    public CompletableFuture<Long> leaseReads() {
        return call(txns::leaseReads);
    }

    /** Why this replica stopped accepting writes (its log failed), or null while it serves. */
    public String stopReason() {
        return stopped;
    }

    /** A checksum of the applied state, equal on replicas that applied the same log prefix. */
    public CompletableFuture<Long> stateDigest() {
        return call(kv::digest);
    }

    /** How the state machine was brought back when this replica was made. */
    public Recovered recovered() {
        return recoveredFrom;
    }

    /**
     * Answers every waiting client and stops the loop, then closes the state engine (which
     * flushes it, so the next start replays nothing already applied); the log is closed by the
     * node.
     */
    public void stop() {
        post(() -> waiters.failAll(Code.UNAVAILABLE, "node " + config.id() + " is shutting down"));
        loop.shutdown();
        boolean terminated = false;
        try {
            terminated = loop.awaitTermination(5, TimeUnit.SECONDS);
            if (!terminated) {
                loop.shutdownNow();
                terminated = loop.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            loop.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // After the loop: a compaction then could drop the entries after a checkpoint being sent,
        // which the transfer needs when it resumes after the restart.
        snapshots.stop();
        if (terminated) {
            closeStateMachine();
        } else {
            // The loop may still be applying: the engine is left to the process's end, and the
            // next start replays from what it had flushed.
            log.warn("group {} on {}: its loop did not stop; state engine left open", groupId, config.id());
        }
    }

    private synchronized void closeStateMachine() {
        if (kvClosed) {
            return;
        }
        kvClosed = true;
        try {
            kv.close();
        } catch (RuntimeException e) {
            log.warn("group {} on {}: closing the state engine failed: {}", groupId, config.id(), e.toString());
        }
    }

    private <T> CompletableFuture<T> call(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (!post(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        })) {
            f.completeExceptionally(new IllegalStateException("node " + config.id() + " is shutting down"));
        }
        return f;
    }

    /** Runs {@code task} on the loop; false if the loop no longer takes tasks. */
    private boolean post(Runnable task) {
        try {
            loop.execute(() -> run(task));
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    /**
     * One loop task: the input; then, if it produced effects, a flush queued behind the inputs
     * already waiting. Inputs that arrive together (many clients' writes, many answers) thus
     * share one Ready: one write to the log, one append per follower carrying all their entries.
     */
    private void run(Runnable task) {
        try {
            task.run();
            txns.drain();
            if (!flushQueued && stopped == null && raft.hasReady()) {
                flushQueued = true;
                try {
                    loop.execute(this::flush);
                } catch (RejectedExecutionException stopping) {
                    flushQueued = false;
                }
            }
        } catch (StorageException engineFailed) {
            onEngineFailure(engineFailed);
        } catch (RuntimeException bug) {
            internalError(bug);
        }
    }

    /**
     * Processes Readys until none is left, or until {@link #FLUSH_NANOS_MAX} has passed: then
     * the rest goes in a flush queued behind the ticks and messages that arrived meanwhile, so
     * that applying a bulk load (the core hands out a few MiB of entries per Ready) never keeps
     * heartbeats from going out for an election timeout.
     */
    private void flush() {
        flushQueued = false;
        long start = System.nanoTime();
        try {
            while (stopped == null && raft.hasReady()) {
                process(raft.ready());
                txns.drain(); // answers and commits that the applied entries released
                if (System.nanoTime() - start > FLUSH_NANOS_MAX && raft.hasReady()) {
                    flushQueued = true;
                    try {
                        loop.execute(this::flush);
                    } catch (RejectedExecutionException stopping) {
                        flushQueued = false;
                    }
                    return;
                }
            }
        } catch (StorageException engineFailed) {
            onEngineFailure(engineFailed);
        } catch (RuntimeException bug) {
            internalError(bug);
        }
    }

    /**
     * A tick is due. A periodic task runs as soon as it is due, ahead of tasks queued before
     * that moment, so while the loop has a backlog (applying a bulk load) every tick would pass
     * the leader's heartbeats waiting in the queue, and a follower would campaign against a
     * leader it had heard from. A replica that does not lead therefore takes its tick after the
     * tasks queued before it. A leader ticks at once: its ticks send the heartbeats.
     */
    private void onTick() {
        if (raft.role() != RaftRole.LEADER && backlog()) {
            try {
                loop.execute(() -> run(this::tick));
            } catch (RejectedExecutionException stopping) {
                // closing: no more ticks
            }
            return;
        }
        run(this::tick);
    }

    private void tick() {
        if (stopped == null) {
            raft.tick();
            tickNanos[(int) (raft.ticks() % tickNanos.length)] = System.nanoTime();
            txns.tick();
        }
        waiters.expire(System.nanoTime());
    }

    /** Whether a task is due on the loop (the running periodic tick is not in the queue). */
    private boolean backlog() {
        Runnable head = loop.getQueue().peek();
        return head instanceof Delayed d && d.getDelay(TimeUnit.NANOSECONDS) <= 0;
    }

    /** An invariant failed in the core or here: stop this group rather than go on wrong. */
    private void internalError(RuntimeException bug) {
        log.error("group {} on {} hit an internal error and stops serving", groupId, config.id(), bug);
        halt("internal error in group " + groupId + " on node " + config.id() + ": " + bug, null);
    }

    private void process(Ready r) {
        if (r.softState() != null) {
            onSoftState(r.softState());
        }
        // Committed entries are durable here already (the core hands out none beyond this node's
        // persisted index) and on a quorum, so they are applied and answered at once: waiting for
        // this Ready's own write (often just the new commit index) would add an fsync to every
        // acknowledgement. A snapshot or a reset replaces the state machine and must follow the
        // writes before it, so such a Ready, and every Ready after it until it is durable, is
        // applied in write order instead.
        boolean applyNow = lateApplies == 0 && r.snapshot() == null && !r.resetStateMachine();
        if (applyNow) {
            apply(r);
        } else {
            lateApplies++;
        }
        // A leader's appends go out in parallel with its own fsync, but only once its term is
        // durable: a lone voter wins in the Ready that records its new term, and appends sent
        // before that write could be contradicted by the same term after a crash.
        boolean earlySend = r.hardState() == null || r.hardState().term() == lastHardState.term();
        for (Message m : r.messages()) {
            if (earlySend && m instanceof Message.InstallSnapshot s) {
                snapshots.send(raft, s); // streamed beside the core, never as one message
            } else if (earlySend && !m.requiresDurableSender()) {
                outbox.send(m);
            }
        }
        List<byte[]> records = r.mustPersist() ? WalRecords.of(groupId, r) : List.of();
        pipeline.submit(records, first -> finish(r, first, !applyNow, earlySend));
    }

    /** Everything up to and including {@code r} is durable. */
    private void finish(Ready r, long firstSequence, boolean applyAfterWrite, boolean sentEarly) {
        if (r.hardState() != null) {
            lastHardState = r.hardState(); // what a snapshot record may repeat: durable state only
        }
        if (r.mustPersist()) {
            compactor.readyDurable(r, firstSequence);
        }
        for (Message m : r.messages()) {
            if (!sentEarly && m instanceof Message.InstallSnapshot s) {
                snapshots.send(raft, s);
            } else if (!(m instanceof Message.InstallSnapshot) && (!sentEarly || m.requiresDurableSender())) {
                outbox.send(m);
            }
        }
        if (r.mustPersist()) {
            if (!r.entries().isEmpty() || r.snapshot() != null) {
                lastPersistedIndex = r.lastEntryIndex();
                lastPersistedTerm = r.lastEntryTerm();
            }
            if (lastPersistedIndex > 0) {
                raft.persisted(lastPersistedIndex, lastPersistedTerm);
            }
        }
        if (applyAfterWrite) {
            lateApplies--;
            apply(r);
        }
    }

    private void apply(Ready r) {
        if (r.snapshot() != null) {
            // Installed even below what was applied: after an async failover the leader's
            // snapshot replaces entries this replica applied and the new leader lacks.
            restore(r.snapshot());
            deliveredIndex = r.snapshot().meta().index(); // the core hands out what follows it
        }
        if (r.resetStateMachine()) {
            log.warn("group {} on {}: entries it had applied were replaced by the leader's log; rebuilding its state",
                groupId, config.id());
            if (compactor.latest() != null) {
                // The core asks the leader for its snapshot instead when its own is external.
                Invariants.check(!compactor.latest().external(), "group %d: reset to external snapshot %s", groupId,
                    compactor.latest());
                restore(compactor.latest());
            } else {
                engineEpoch++;
                kv.restore(0, new byte[0]);
                lastAppliedTerm = 0;
            }
            deliveredIndex = kv.appliedIndex(); // the core hands out everything after it again
        }
        r.committed().forEach(this::applyEntry);
        if (!r.committed().isEmpty()) {
            deliveredIndex = r.committed().getLast().index();
        }
        waiters.readsConfirmed(r.readStates());
        waiters.serveReads(kv);
        txns.afterApply(r.readStates());
        maybeSnapshot();
    }

    private void restore(Snapshot s) {
        deliveredIndex = Math.max(deliveredIndex, s.meta().index());
        engineEpoch++;
        if (s.external()) {
            snapshots.install(s.meta());
            lastAppliedTerm = s.meta().term();
            waiters.skippedTo(s.meta().index());
            return;
        }
        kv.restore(s.meta().index(), s.data());
        lastAppliedTerm = s.meta().term();
        waiters.skippedTo(s.meta().index());
    }

    private void applyEntry(Entry e) {
        if (e.index() <= kv.appliedIndex()) {
            return; // applied during recovery, before the core handed it out again
        }
        KvResult result = null;
        if (e.type() == EntryType.NORMAL) {
            result = kv.apply(e.index(), e.term(), e.data());
        } else {
            kv.skip(e.index(), e.term());
        }
        lastAppliedTerm = e.term();
        waiters.applied(e, result);
        if (txns != null) { // null while recovering in the constructor
            txns.applied(result);
        }
    }

    private void maybeSnapshot() {
        long applied = kv.appliedIndex();
        // The core compacts only what it handed out; after a restart the state machine runs ahead.
        if (applied > deliveredIndex || !compactor.due(applied)) {
            return;
        }
        if (!snapshots.external()) {
            Snapshot s = snapshots.image(raft, applied, lastAppliedTerm, bytes -> compactor.tooLarge(applied, bytes));
            if (s != null) {
                compactor.write(s, lastHardState, this::compacted);
            }
            return;
        }
        // The engine is flushed off the loop; the snapshot is taken at the index applied when the
        // flush began, unless the engine was replaced meanwhile (a snapshot installed).
        compactor.flushing(applied);
        long term = lastAppliedTerm;
        long epoch = engineEpoch;
        snapshots.flushInBackground(() -> post(() -> {
            compactor.flushed();
            if (stopped != null || epoch != engineEpoch) {
                return;
            }
            Snapshot s = snapshots.external(raft, applied, term);
            if (s != null) {
                compactor.write(s, lastHardState, this::compacted);
            }
        }), failure -> post(() -> {
            compactor.flushed();
            if (stopped == null && epoch == engineEpoch) {
                onEngineFailure(failure);
            }
        }));
    }

    /**
     * The snapshot {@code s} is durable: the core drops the entries it covers. Entries applied
     * while it was taken (a flush of the engine takes seconds) may make the next one due already.
     */
    private void compacted(Snapshot s) {
        raft.compact(s);
        maybeSnapshot();
    }

    private void onSoftState(SoftState s) {
        boolean wasLeader = soft != null && soft.role() == RaftRole.LEADER;
        soft = s;
        knownTerm = Math.max(knownTerm, s.term());
        snapshots.onSoftState(s);
        log.info("group {} on {}: {} in term {}, leader {}", groupId, config.id(), s.role(), s.term(), s.leader());
        if (wasLeader && s.role() != RaftRole.LEADER) {
            waiters.leadershipLost("node " + config.id() + " stopped leading group " + groupId + " (leader now "
                + (s.leader() == null ? "unknown" : s.leader()) + ")");
        }
        waiters.softStateChanged(s);
        txns.onSoftState(s);
    }

    /** A write or flush of the state engine failed: stop and step down, as for a failed log. */
    private void onEngineFailure(Throwable error) {
        if (stopped == null) {
            stepDownFor(LogFault.ofEngine(config.id(), groupId, error), error);
        }
    }

    private void onLogFailure(Throwable error) {
        stepDownFor(LogFault.of(config.id(), groupId, error), error);
    }

    private void stepDownFor(LogFault fault, Throwable error) {
        log.error("group {} [SQLSTATE {}]: {}", groupId, fault.sqlState(), fault.message(), error);
        halt(fault.message(), fault.sqlState());
        handOff.start();
    }

    private void halt(String why, String sqlState) {
        stopped = why;
        stoppedSqlState = sqlState;
        txns.halt(why, sqlState);
        waiters.logFailed(why, sqlState);
    }

    /** What a stopped replica reports: it leads nothing, whatever its frozen core last thought. */
    private static RaftStatus steppedDown(RaftStatus s) {
        return new RaftStatus(s.groupId(), s.self(), RaftRole.FOLLOWER, s.term(), null, s.votedFor(), s.firstIndex(),
            s.lastIndex(), s.lastTerm(), s.persistedIndex(), s.commitIndex(), s.appliedIndex(), s.replicationMode(),
            s.failoverMode(), s.membership(), List.of(), s.lostCommittedEntries(), s.unshippedEntries());
    }

    public long groupId() {
        return groupId;
    }
}
