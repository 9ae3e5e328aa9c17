package io.basalt.txn.lock;

import io.basalt.common.Invariants;
import io.basalt.txn.LockMode;
import io.basalt.txn.TxnId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The lock table of strict two-phase locking, for one range's leader. Transactions acquire
 * shared and exclusive locks on keys and key ranges as they run, and release them all at once
 * when they commit or abort; this class decides who holds what and who waits for whom.
 *
 * <p>A request is granted at once unless another transaction holds a conflicting lock on an
 * overlapping target, or an earlier waiting request of another transaction conflicts with it
 * as if it were held (first come, first served: a stream of readers cannot starve a writer).
 * An upgrade, shared to exclusive on a target already held, is queued ahead of ordinary
 * requests and waits only for holders and earlier upgrades. After any release the queue is
 * re-examined in order and every request that no longer conflicts is granted.
 *
 * <p>Single-threaded and without I/O: each method is one atomic step on the leader's event
 * loop. Deadlocks are left to the caller's wait-for graph, which reads {@link #blockers}.
 */
public final class LockTable {
    private final HeldLocks held = new HeldLocks();
    private final WaitQueue waiting = new WaitQueue();

    /**
     * Grants {@code mode} on {@code target} to {@code txn}, or queues the request.
     *
     * @throws IllegalStateException if {@code txn} is already waiting: a transaction runs its
     *     operations one at a time, so a second request means the caller lost track of it
     */
    public LockResult acquire(TxnId txn, LockTarget target, LockMode mode) {
        Objects.requireNonNull(txn, "txn");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        LockRequest pending = waiting.get(txn);
        Invariants.check(pending == null, "%s asked for %s %s while still waiting for %s %s", txn, mode, target,
            pending == null ? null : pending.mode(), pending == null ? null : pending.target());
        LockMode already = held.mode(txn, target);
        if (already != null && already.covers(mode)) {
            return new LockResult.Granted();
        }
        LockRequest request = new LockRequest(txn, target, mode, already != null);
        SortedSet<TxnId> blockers = blockersOf(request);
        if (blockers.isEmpty()) {
            held.put(txn, target, mode);
            return new LockResult.Granted();
        }
        waiting.add(request);
        return new LockResult.Waiting(blockers);
    }

    /**
     * Grants {@code mode} on {@code target} to {@code txn} if {@link #acquire} would grant it at
     * once; otherwise returns false and leaves the table as it was, nothing queued (NOWAIT and
     * SKIP LOCKED). Earlier waiters count as for {@code acquire}, so this never overtakes them.
     */
    public boolean tryAcquire(TxnId txn, LockTarget target, LockMode mode) {
        Objects.requireNonNull(txn, "txn");
        LockRequest pending = waiting.get(txn);
        Invariants.check(pending == null, "%s tried %s %s while still waiting for %s %s", txn, mode, target,
            pending == null ? null : pending.mode(), pending == null ? null : pending.target());
        LockMode already = held.mode(txn, target);
        if (already != null && already.covers(mode)) {
            return true;
        }
        if (!blockersOf(new LockRequest(txn, target, mode, already != null)).isEmpty()) {
            return false;
        }
        held.put(txn, target, mode);
        return true;
    }

    /**
     * The transactions the waiting request of {@code txn} now waits for: conflicting holders
     * plus earlier conflicting waiters, oldest first; empty if {@code txn} is not waiting.
     * Computed afresh on each call, so it is exact after every step.
     */
    public Set<TxnId> blockers(TxnId txn) {
        LockRequest request = waiting.get(txn);
        return request == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(blockersOf(request));
    }

    /**
     * Releases every lock {@code txn} holds and withdraws its waiting request (commit, abort,
     * or cleanup after a leader change). Returns the waiting requests granted as a result, in
     * grant order. Releasing a transaction the table does not know is a no-op.
     */
    public List<Grant> releaseAll(TxnId txn) {
        waiting.remove(txn);
        held.removeAll(txn);
        return grantWaiters();
    }

    /**
     * Withdraws the waiting request of {@code txn} and releases at most {@code max} of its locks:
     * a transaction that ended holding a million (a bulk load) is released over several steps.
     * Returns the grants this enables; {@link #countHeldBy} says how many are left.
     */
    public List<Grant> releaseSome(TxnId txn, int max) {
        waiting.remove(txn);
        held.removeSome(txn, max);
        return grantWaiters();
    }

    /** How many locks {@code txn} holds. */
    public int countHeldBy(TxnId txn) {
        return held.countHeldBy(txn);
    }

    /**
     * Releases only the shared locks of {@code txn}, keeping its exclusive locks and any
     * waiting request. Strict two-phase locking never does this; it exists for the "early lock
     * release" mutation that tests must be able to catch. Returns the grants it enables.
     */
    public List<Grant> releaseShared(TxnId txn) {
        held.removeShared(txn);
        return grantWaiters();
    }

    /**
     * Withdraws the waiting request of {@code txn} (lock timeout, deadlock victim) and keeps
     * the locks it holds. Returns the grants this enables for requests queued behind it. A no-op
     * if {@code txn} is not waiting, so a timeout that fires just after a grant is harmless.
     */
    public List<Grant> cancelWait(TxnId txn) {
        if (waiting.remove(txn) == null) {
            return List.of();
        }
        return grantWaiters();
    }

    public boolean isWaiting(TxnId txn) {
        return waiting.get(txn) != null;
    }

    /** True if {@code txn} holds a lock on a target equal to {@code target} in a mode covering {@code mode}. */
    public boolean holds(TxnId txn, LockTarget target, LockMode mode) {
        LockMode m = held.mode(txn, target);
        return m != null && m.covers(mode);
    }

    /** The locks {@code txn} holds, in the order it acquired them (an upgrade keeps its place). */
    public List<Grant> heldBy(TxnId txn) {
        return Collections.unmodifiableList(held.heldBy(txn));
    }

    /** The number of (transaction, target) locks held. */
    public int heldCount() {
        return held.count();
    }

    public int waitingCount() {
        return waiting.size();
    }

    /** Every transaction with a held lock or a waiting request, oldest first, for leader-change cleanup. */
    public Set<TxnId> transactions() {
        SortedSet<TxnId> all = new TreeSet<>(held.holders());
        all.addAll(waiting.waiters());
        return Collections.unmodifiableSortedSet(all);
    }

    private SortedSet<TxnId> blockersOf(LockRequest request) {
        SortedSet<TxnId> blockers = new TreeSet<>();
        held.addConflicts(request, blockers);
        waiting.addConflictsAhead(request, blockers);
        return blockers;
    }

    /**
     * Grants, in queue order, every waiting request that now conflicts with no holder and no
     * earlier request still waiting. One pass is enough: a grant only adds a holder, which can
     * never unblock a request behind it. It examines all waiters rather than only those
     * overlapping the released targets: there is at most one per live transaction, and a full
     * pass cannot miss a wake-up.
     */
    private List<Grant> grantWaiters() {
        List<Grant> granted = new ArrayList<>();
        for (LockRequest request : waiting.inOrder()) {
            if (blockersOf(request).isEmpty()) {
                waiting.remove(request.txn());
                held.put(request.txn(), request.target(), request.mode());
                granted.add(request.grant());
            }
        }
        return granted;
    }
}
