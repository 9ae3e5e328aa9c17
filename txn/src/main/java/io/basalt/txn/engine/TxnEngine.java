package io.basalt.txn.engine;

import io.basalt.common.SqlState;
import io.basalt.txn.HybridClock;
import io.basalt.txn.Isolation;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Keys;
import io.basalt.txn.LockMode;
import io.basalt.txn.LockWait;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import io.basalt.txn.lock.Grant;
import io.basalt.txn.lock.LockTarget;
import io.basalt.txn.mvcc.MvccStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The leader's transaction engine for one replication group: strict two-phase locking over a
 * {@link LockTable}, deadlock detection on a {@link WaitForGraph}, buffered writes committed as
 * one log entry, and lock-free snapshot reads for read-only transactions.
 *
 * <p>Single-threaded and deterministic: the driver calls it on the group's event loop with
 * requests, ticks ({@link #tick}) and apply notifications, then drains {@link #takeReplies()}
 * and {@link #takeProposals()}. Every request is one atomic step: a lock is granted or queued
 * in the same step that asks for it.
 *
 * <p>Lifecycle of a read-write transaction: ACTIVE (reads take shared locks, writes exclusive
 * locks and are buffered) → COMMITTING (a commit timestamp is drawn and the writes proposed as
 * one entry; locks stay held) → gone, once the entry is applied here (locks released, the
 * client answered) or aborted (locks released, buffer dropped). Locks are released only after
 * the commit is applied, so a transaction granted a lock afterwards reads the committed value.
 *
 * <p>A read-only transaction reads at its start timestamp. Every later commit draws a larger
 * timestamp from the same clock, so the only writers that could still commit at or below it are
 * those already COMMITTING: a snapshot read of a key one of them writes waits for its apply.
 *
 * <p>The engine lives as long as its leader's term: {@link #close} aborts what is open (clients
 * see SQLSTATE 40001 and retry) and tells committing clients to ask the next leader.
 */
public final class TxnEngine {
    private final TxnConfig config;
    private final HybridClock clock;
    private final MvccStore store;
    private final long origin;
    private final Set<TxnBreak> breaks;
    private final LockWaits locks;
    private final Map<TxnId, Txn> open = new TreeMap<>();
    private final Endings endings;
    private final SnapshotReads snapshotReads;
    private final List<TxnReply> replies = new ArrayList<>();
    private final List<Proposal> proposals = new ArrayList<>();
    private long nowMs;
    private boolean closed;
    private long begun;
    private long committed;
    private long aborted;
    private long deadlocks;
    private long lockTimeouts;
    private long heartbeatExpiries;

    /**
     * @param origin a number unique to this node, part of every transaction id it makes
     * @param shard  this group's id, the source tag of its wait-for edges
     */
    public TxnEngine(TxnConfig config, HybridClock clock, MvccStore store, Outcomes outcomes, long origin,
                     long shard, long nowMs, Set<TxnBreak> breaks) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.endings = new Endings(outcomes);
        this.locks = new LockWaits(shard);
        this.origin = origin;
        this.nowMs = nowMs;
        this.breaks = breaks.isEmpty() ? EnumSet.noneOf(TxnBreak.class) : EnumSet.copyOf(breaks);
        this.snapshotReads = new SnapshotReads(store, replies);
    }

    // ---- requests ----

    public void begin(long req, boolean readOnly, Isolation isolation) {
        if (refuseClosed(req)) {
            return;
        }
        if (open.size() >= config.activeTxnsMax()) {
            reply(req, new TxnResult.Failed(SqlState.PROGRAM_LIMIT_EXCEEDED, "too many open transactions on this"
                + " leader: activeTxnsMax=" + config.activeTxnsMax(), true));
            return;
        }
        Timestamp start = clock.now();
        TxnId id = new TxnId(start, origin);
        open.put(id, new Txn(id, readOnly, isolation, readOnly ? start : null, null, nowMs));
        begun++;
        reply(req, new TxnResult.Began(id, readOnly ? start : null));
    }

    public void get(long req, TxnId id, byte[] key) {
        get(req, id, key, false, LockWait.WAIT);
    }

    /**
     * Reads {@code key}; {@code forUpdate} takes an exclusive lock (SELECT ... FOR UPDATE), so a
     * transaction that reads a key to write it does not deadlock on the upgrade with another.
     * In a read-only transaction it is a snapshot read like any other. {@code wait} decides what
     * happens when the lock would be queued: NOWAIT answers 55P03, SKIP_LOCKED answers no value
     * (the caller skips the row); both leave no trace in the lock table.
     */
    public void get(long req, TxnId id, byte[] key, boolean forUpdate, LockWait wait) {
        Txn t = activeTxn(req, id);
        if (t == null) {
            return;
        }
        if (t.readOnly) {
            snapshotReads.get(req, t, key, committingTxns());
            return;
        }
        Write own = t.writes.get(key);
        if (own != null) {
            reply(req, new TxnResult.Value(own.value()));
            return;
        }
        if (t.isolation == Isolation.READ_COMMITTED && !forUpdate) {
            reply(req, new TxnResult.Value(store.read(key, Timestamp.MAX)));
            return;
        }
        LockTarget target = LockTarget.key(key);
        PendingOp.Need need = new PendingOp.Need(target, forUpdate ? LockMode.EXCLUSIVE : LockMode.SHARED);
        Supplier<TxnResult> action = () -> {
            byte[] value = store.read(key, Timestamp.MAX);
            if (breaks.contains(TxnBreak.EARLY_LOCK_RELEASE) && !locks.holds(t.id, target, LockMode.EXCLUSIVE)) {
                locks.releaseShared(t.id);
            }
            return new TxnResult.Value(value);
        };
        switch (wait) {
            case WAIT -> run(t, req, List.of(need), action);
            case NOWAIT -> runIfFree(t, req, need, action, lockNotAvailable(t, need));
            case SKIP_LOCKED -> runIfFree(t, req, need, action, new TxnResult.Value(null));
        }
    }

    public void scan(long req, TxnId id, KeyRange range, int limit) {
        scan(req, id, range, limit, LockWait.WAIT);
    }

    /**
     * Keys in {@code range}, at most {@code limit} (0: scanRowsMax). Under SERIALIZABLE the
     * range is share-locked against phantoms, and {@code wait} applies to that lock: NOWAIT
     * answers 55P03 if it would be queued. SKIP_LOCKED takes no range lock at all and reads the
     * latest committed rows with this transaction's writes, as READ COMMITTED does: a range lock
     * cannot be taken for part of a range, and waiting for it would defeat SKIP LOCKED. The
     * caller then locks each row it keeps, skipping those held; the statement gives up phantom
     * protection, as SKIP LOCKED gives up a consistent view in PostgreSQL.
     */
    public void scan(long req, TxnId id, KeyRange range, int limit, LockWait wait) {
        Txn t = activeTxn(req, id);
        if (t == null) {
            return;
        }
        int rows = Math.min(limit <= 0 ? config.scanRowsMax() : limit, config.scanRowsMax());
        if (t.readOnly) {
            snapshotReads.scan(req, t, range, rows, committingTxns());
            return;
        }
        Supplier<TxnResult> action = () -> new TxnResult.Rows(ScanMerge.merge(store, t.writes, range, rows));
        if (t.isolation == Isolation.READ_COMMITTED || wait == LockWait.SKIP_LOCKED) {
            reply(req, action.get());
            return;
        }
        if (breaks.contains(TxnBreak.SKIP_RANGE_LOCKS)) {
            // The classic phantom bug: lock the rows the scan found, not the gaps between them.
            List<PendingOp.Need> rowLocks = ScanMerge.merge(store, t.writes, range, rows).stream()
                .map(kv -> new PendingOp.Need(LockTarget.key(kv.key()), LockMode.SHARED)).toList();
            run(t, req, rowLocks, action);
            return;
        }
        PendingOp.Need need = new PendingOp.Need(LockTarget.range(range), LockMode.SHARED);
        if (wait == LockWait.NOWAIT) {
            runIfFree(t, req, need, action, lockNotAvailable(t, need));
        } else {
            run(t, req, List.of(need), action);
        }
    }

    public void put(long req, TxnId id, byte[] key, byte[] value) {
        write(req, id, new Write(key, value));
    }

    public void delete(long req, TxnId id, byte[] key) {
        write(req, id, new Write(key, null));
    }

    private void write(long req, TxnId id, Write w) {
        Txn t = activeTxn(req, id);
        if (t == null) {
            return;
        }
        if (t.readOnly) {
            reply(req, new TxnResult.Failed(SqlState.READ_ONLY_SQL_TRANSACTION, "cannot write "
                + Keys.show(w.key()) + " in a read-only transaction", false));
            return;
        }
        Write previous = t.writes.get(w.key());
        long bytes = t.writeBytes + w.bytes() - (previous == null ? 0 : previous.bytes());
        if (bytes > config.txnWriteBytesMax()) {
            abort(t, new TxnResult.Failed(SqlState.PROGRAM_LIMIT_EXCEEDED, "transaction " + id + " buffered "
                + bytes + " bytes of writes, over txnWriteBytesMax=" + config.txnWriteBytesMax()
                + "; it was aborted", true), req);
            settle();
            return;
        }
        run(t, req, List.of(new PendingOp.Need(LockTarget.key(w.key()), LockMode.EXCLUSIVE)), () -> {
            Write replaced = t.writes.put(w.key(), w);
            t.writeBytes += w.bytes() - (replaced == null ? 0 : replaced.bytes());
            return TxnResult.DONE;
        });
    }

    public void commit(long req, TxnId id) {
        Txn t = open.get(id);
        if (t == null) {
            reply(req, endings.outcome(id));
            return;
        }
        t.lastHeardMs = nowMs;
        if (t.status == Txn.Status.COMMITTING) {
            t.commitRequests.add(req);
            return;
        }
        if (t.pending != null || snapshotReads.waiting(id)) {
            reply(req, busy(t));
            return;
        }
        if (t.writes.isEmpty()) {
            finish(t);
            committed++;
            endings.ended(t.id, new TxnResult.Committed(null));
            reply(req, new TxnResult.Committed(null));
            settle();
            return;
        }
        t.commitRequests.add(req);
        propose(t, new ArrayList<>(t.writes.values()));
    }

    public void abort(long req, TxnId id) {
        Txn t = open.get(id);
        if (t == null) {
            TxnResult outcome = endings.outcome(id);
            reply(req, outcome instanceof TxnResult.Committed || outcome instanceof TxnResult.Unknown
                ? outcome : TxnResult.DONE);
            return;
        }
        if (t.status == Txn.Status.COMMITTING) {
            // The entry is on its way into the log; only its apply (or this leader's end) decides.
            reply(req, new TxnResult.Failed(SqlState.INVALID_TRANSACTION_STATE, "transaction " + id
                + " is already committing; ask its outcome with commit", false));
            return;
        }
        abort(t, new TxnResult.Failed(SqlState.SERIALIZATION_FAILURE, "transaction " + id
            + " was rolled back by its client", true), -1);
        reply(req, TxnResult.DONE);
        settle();
    }

    public void heartbeat(long req, TxnId id) {
        Txn t = closed ? null : open.get(id);
        if (t == null) {
            activeTxn(req, id);  // answers with how the transaction ended
            return;
        }
        // Noted in every state: a client waiting for a lock or for its commit is alive too, and
        // a heartbeat runs beside its statements rather than between them.
        t.lastHeardMs = nowMs;
        reply(req, TxnResult.DONE);
    }

    /**
     * A single write outside any transaction (a plain put, delete or compare-and-set): takes
     * exclusive locks on {@code keys}, then proposes {@code attachment}, the driver's command,
     * with a commit timestamp. The driver answers the client when it applies the command and
     * then calls {@link #applied}; a lock failure is answered here.
     */
    public void autocommit(long req, List<byte[]> keys, Object attachment) {
        if (refuseClosed(req)) {
            return;
        }
        TxnId id = new TxnId(clock.now(), origin);
        Txn t = new Txn(id, false, Isolation.SERIALIZABLE, null, attachment, nowMs);
        open.put(id, t);
        for (byte[] k : keys) {
            // Placeholders: a snapshot read of these keys must wait for this commit's apply.
            t.writes.put(k, new Write(k, null));
        }
        List<PendingOp.Need> needs = t.writes.keySet().stream()
            .map(k -> new PendingOp.Need(LockTarget.key(k), LockMode.EXCLUSIVE)).toList();
        run(t, req, needs, () -> {
            propose(t, List.of());
            return null;
        });
    }

    // ---- driver notifications ----

    /** The commit entry of {@code id} was applied on this replica at {@code commitTs}. */
    public void applied(TxnId id, Timestamp commitTs) {
        Txn t = open.get(id);
        if (t == null || t.status != Txn.Status.COMMITTING) {
            return;
        }
        finish(t);
        committed++;
        for (long req : t.commitRequests) {
            reply(req, new TxnResult.Committed(commitTs));
        }
        snapshotReads.resolved(t.id, nowMs);
        settle();
    }

    /** The commit entry of {@code id} could not be proposed (this node no longer leads). */
    public void proposalFailed(TxnId id) {
        Txn t = open.get(id);
        if (t == null) {
            return;
        }
        TxnResult.Failed failed = new TxnResult.Failed(SqlState.SERIALIZATION_FAILURE, "transaction " + id
            + " could not be committed: this node stopped leading; retry it", true);
        for (long req : t.commitRequests) {
            reply(req, failed);
        }
        t.commitRequests.clear();
        abort(t, failed, -1);
        snapshotReads.resolved(id, nowMs);
        settle();
    }

    /** Advances the engine's time: lock waits past lock_timeout and silent clients are aborted. */
    public void tick(long nowMs) {
        this.nowMs = nowMs;
        locks.releaseMore();
        for (Txn t : new ArrayList<>(open.values())) {
            if (t.status != Txn.Status.ACTIVE) {
                continue;
            }
            if (t.pending != null && nowMs >= t.pending.deadlineMs) {
                lockTimeouts++;
                abort(t, new TxnResult.Failed(SqlState.LOCK_NOT_AVAILABLE, "transaction " + t.id
                    + " waited longer than lock_timeout=" + config.lockTimeoutMs() + " ms for a "
                    + t.pending.waitingFor().mode() + " lock on " + t.pending.waitingFor().target()
                    + "; it was aborted", true), -1);
            } else if (t.pending == null && !t.autocommit() && !snapshotReads.waiting(t.id)
                && nowMs - t.lastHeardMs > config.heartbeatTimeoutMs()) {
                heartbeatExpiries++;
                abort(t, new TxnResult.Failed(SqlState.IDLE_IN_TRANSACTION_TIMEOUT, "transaction " + t.id
                    + " was not heard from for " + config.heartbeatTimeoutMs() + " ms; it was aborted and its"
                    + " locks released", true), -1);
            }
        }
        settle();
    }

    /**
     * This leader's term ended: open transactions are aborted (SQLSTATE 40001, retry), and
     * clients of committing ones are told to ask the next leader for the outcome.
     */
    public void close(String why) {
        for (Txn t : new ArrayList<>(open.values())) {
            if (t.status == Txn.Status.COMMITTING) {
                endings.inDoubt(t.id);
                for (long req : t.commitRequests) {
                    reply(req, new TxnResult.Unknown("the leader changed while transaction " + t.id
                        + " was committing (" + why + "); ask the new leader for its outcome"));
                }
            } else if (t.pending != null) {
                reply(t.pending.requestId, Endings.leaderChanged(t.id, why));
            }
        }
        snapshotReads.failAll(why);
        open.clear();
        closed = true;
    }

    /** Versions older than this may be dropped: no open snapshot or retention window needs them. */
    public Timestamp gcHorizon() {
        long wall = Math.max(0, clock.last().wallMicros() - config.versionRetentionMs() * 1000);
        Timestamp horizon = new Timestamp(wall, 0);
        for (Txn t : open.values()) {
            if (t.readOnly && t.readTs.before(horizon)) {
                horizon = t.readTs;
            }
        }
        return horizon;
    }

    public List<TxnReply> takeReplies() {
        List<TxnReply> out = List.copyOf(replies);
        replies.clear();
        return out;
    }

    public List<Proposal> takeProposals() {
        List<Proposal> out = List.copyOf(proposals);
        proposals.clear();
        return out;
    }

    public boolean hasEffects() {
        return !replies.isEmpty() || !proposals.isEmpty();
    }

    public TxnStats stats() {
        return new TxnStats(begun, committed, aborted, deadlocks, lockTimeouts, heartbeatExpiries, locks.waits(),
            open.size(), locks.held(), locks.waiting());
    }

    public boolean isOpen(TxnId id) {
        return open.containsKey(id);
    }

    // ---- locking ----

    /** Takes {@code needs} in order, then runs {@code action}; waits (queued in the lock table) as needed. */
    private void run(Txn t, long req, List<PendingOp.Need> needs, Supplier<TxnResult> action) {
        t.pending = new PendingOp(req, needs, action, nowMs + config.lockTimeoutMs());
        advance(t);
        settle();
    }

    /**
     * Takes {@code need} and runs {@code action} if the lock is free now; otherwise answers
     * {@code refused} and queues nothing, so no wait-for edge, deadlock or timeout can follow.
     */
    private void runIfFree(Txn t, long req, PendingOp.Need need, Supplier<TxnResult> action, TxnResult refused) {
        reply(req, locks.tryAcquire(t.id, need) ? action.get() : refused);
    }

    /**
     * NOWAIT's refusal. The transaction stays open, as after any failed statement: the SQL
     * layer, which knows the table, reports it in PostgreSQL's words and rolls back.
     */
    private static TxnResult.Failed lockNotAvailable(Txn t, PendingOp.Need need) {
        return new TxnResult.Failed(SqlState.LOCK_NOT_AVAILABLE, "transaction " + t.id + " could not obtain a "
            + need.mode() + " lock on " + need.target() + " without waiting (NOWAIT)", false);
    }

    private void advance(Txn t) {
        PendingOp op = t.pending;
        if (!locks.acquireRest(t.id, op)) {
            return;
        }
        t.pending = null;
        // The client was waiting for this answer, not silent: its heartbeat window starts now.
        t.lastHeardMs = nowMs;
        TxnResult result = op.action.get();
        if (result != null) {
            reply(op.requestId, result);
        }
    }

    /** Hands out granted locks, then breaks deadlocks, until nothing changes. */
    private void settle() {
        while (true) {
            for (Grant g = locks.nextGrant(); g != null; g = locks.nextGrant()) {
                Txn t = open.get(g.txn());
                if (t != null && t.pending != null) {
                    t.pending.held++;
                    advance(t);
                }
            }
            List<TxnId> victims = locks.deadlockVictims();
            if (victims.isEmpty()) {
                return;
            }
            for (TxnId v : victims) {
                Txn t = open.get(v);
                if (t != null && t.pending != null) {
                    deadlocks++;
                    abort(t, new TxnResult.Failed(SqlState.DEADLOCK_DETECTED, "deadlock detected: transaction "
                        + v + " waited for a " + t.pending.waitingFor().mode() + " lock on "
                        + t.pending.waitingFor().target() + " in a cycle of waits; it was the youngest and was"
                        + " aborted", true), -1);
                }
            }
        }
    }

    // ---- endings ----

    private void propose(Txn t, List<Write> writes) {
        t.status = Txn.Status.COMMITTING;
        t.commitTs = clock.now();
        proposals.add(new Proposal(t.id, t.commitTs, writes, t.attachment));
    }

    /** Ends {@code t}: answers its waiting request (unless it is {@code answeredBy}) and releases its locks. */
    private void abort(Txn t, TxnResult.Failed why, long answeredBy) {
        if (t.pending != null && t.pending.requestId != answeredBy) {
            reply(t.pending.requestId, why);
        }
        if (answeredBy >= 0) {
            reply(answeredBy, why);
        }
        snapshotReads.cancel(t.id, why);
        aborted++;
        endings.ended(t.id, why);
        finish(t);
    }

    private void finish(Txn t) {
        open.remove(t.id);
        t.pending = null;
        locks.releaseAll(t.id);
    }

    // ---- helpers ----

    private Txn activeTxn(long req, TxnId id) {
        if (refuseClosed(req)) {
            return null;
        }
        Txn t = open.get(id);
        if (t == null) {
            TxnResult outcome = endings.outcome(id);
            reply(req, outcome instanceof TxnResult.Committed
                ? new TxnResult.Failed(SqlState.INVALID_TRANSACTION_STATE, "transaction " + id
                    + " has already committed", false)
                : outcome);
            return null;
        }
        t.lastHeardMs = nowMs;
        if (t.status == Txn.Status.COMMITTING || t.pending != null || snapshotReads.waiting(id)) {
            reply(req, busy(t));
            return null;
        }
        return t;
    }

    private static TxnResult.Failed busy(Txn t) {
        return new TxnResult.Failed(SqlState.INVALID_TRANSACTION_STATE, "transaction " + t.id
            + (t.status == Txn.Status.COMMITTING ? " is committing" : " has an operation in progress")
            + "; send one request at a time", false);
    }

    private boolean refuseClosed(long req) {
        if (closed) {
            reply(req, new TxnResult.Failed(SqlState.SERIALIZATION_FAILURE, "this node no longer leads the"
                + " group; retry at the new leader", true));
        }
        return closed;
    }

    private List<Txn> committingTxns() {
        List<Txn> out = new ArrayList<>();
        for (Txn t : open.values()) {
            if (t.status == Txn.Status.COMMITTING) {
                out.add(t);
            }
        }
        return out;
    }

    private void reply(long req, TxnResult result) {
        replies.add(new TxnReply(req, result));
    }
}
