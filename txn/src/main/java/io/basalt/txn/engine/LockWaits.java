package io.basalt.txn.engine;

import io.basalt.txn.LockMode;
import io.basalt.txn.TxnId;
import io.basalt.txn.deadlock.WaitForGraph;
import io.basalt.txn.lock.Grant;
import io.basalt.txn.lock.LockResult;
import io.basalt.txn.lock.LockTable;
import io.basalt.txn.lock.LockTarget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's locks and who waits for whom: the {@link LockTable}, the grants that releases
 * produced and the engine has not handed out yet, and the {@link WaitForGraph} edges of this
 * group (tagged with its id, so edges reported by other groups can join them later).
 */
final class LockWaits {
    /** Locks released in one step at most. */
    static final int RELEASE_STEP = 20_000;
    private final LockTable locks = new LockTable();
    private final WaitForGraph graph = new WaitForGraph();
    private final long shard;
    /** Transactions that started waiting since the last deadlock search, in the order they did. */
    private final Set<TxnId> newWaiters = new LinkedHashSet<>();
    private final ArrayDeque<Grant> grants = new ArrayDeque<>();
    /** Ended transactions that still hold locks, released {@link #RELEASE_STEP} at a time. */
    private final ArrayDeque<TxnId> releasing = new ArrayDeque<>();
    private long waits;

    LockWaits(long shard) {
        this.shard = shard;
    }

    /** Takes the operation's remaining locks in order; false if one must be waited for. */
    boolean acquireRest(TxnId txn, PendingOp op) {
        while (op.held < op.needs.size()) {
            PendingOp.Need n = op.waitingFor();
            if (locks.acquire(txn, n.target(), n.mode()) instanceof LockResult.Waiting) {
                waits++;
                newWaiters.add(txn);
                return false;
            }
            op.held++;
        }
        return true;
    }

    /** Takes {@code need} if that needs no wait; false (nothing queued, no edge) otherwise. */
    boolean tryAcquire(TxnId txn, PendingOp.Need need) {
        return locks.tryAcquire(txn, need.target(), need.mode());
    }

    boolean holds(TxnId txn, LockTarget target, LockMode mode) {
        return locks.holds(txn, target, mode);
    }

    /**
     * Releases the locks of {@code txn}, which has ended, and forgets its edges; the grants this
     * allows queue up. Up to {@link #RELEASE_STEP} locks go at once, the rest
     * {@code RELEASE_STEP} a {@link #releaseMore step} at a time, so that ending a bulk load
     * never stops the leader's loop for long. Locks released late only make others wait longer.
     */
    void releaseAll(TxnId txn) {
        grants.addAll(locks.releaseSome(txn, RELEASE_STEP));
        graph.remove(txn);
        newWaiters.remove(txn);
        if (locks.countHeldBy(txn) > 0) {
            releasing.add(txn);
        }
    }

    /** Releases up to {@link #RELEASE_STEP} more locks of ended transactions. */
    void releaseMore() {
        TxnId txn = releasing.peek();
        if (txn != null) {
            grants.addAll(locks.releaseSome(txn, RELEASE_STEP));
            if (locks.countHeldBy(txn) == 0) {
                releasing.poll();
            }
        }
    }

    void releaseShared(TxnId txn) {
        grants.addAll(locks.releaseShared(txn));
    }

    /** The next grant a release produced, or null. */
    Grant nextGrant() {
        return grants.poll();
    }

    /**
     * The victims of every cycle of waits that closed since the last call, found from the
     * transactions that started waiting since then.
     *
     * <p>Every member of a cycle waits, and a transaction that waits takes no new lock, so a
     * cycle closes only at the moment its last member starts to wait: grants and releases remove
     * edges, or add them towards a transaction that does not wait. So only the new waiters that
     * still wait need a search, and the search follows edges refreshed from the lock table as it
     * reaches them (an edge recorded earlier may be stale: its waiter may have been granted, or
     * a holder ahead of it may have changed). Edges of transactions the search does not reach
     * stay as they were; no search ever follows them without refreshing them first. Searching
     * every waiter after every step cost a tenth of the leader's time under contention on hot
     * rows; this costs a walk over what the new waiters wait for.
     */
    List<TxnId> deadlockVictims() {
        if (newWaiters.isEmpty()) {
            return List.of();
        }
        List<TxnId> victims = new ArrayList<>();
        for (TxnId waiter : newWaiters) {
            if (!locks.isWaiting(waiter) || victims.contains(waiter)) {
                continue;
            }
            refreshReachable(waiter, victims);
            // One wait can close several cycles (an upgrade blocked by two holders that each wait
            // for it): break them one at a time until none is left or the waiter itself is chosen.
            for (Optional<TxnId> victim = graph.victimFor(waiter); victim.isPresent(); victim = graph.victimFor(waiter)) {
                victims.add(victim.get());
                // Out of the graph at once, so a cycle through another new waiter that shares it is not broken twice.
                graph.remove(victim.get());
            }
        }
        newWaiters.clear();
        return victims;
    }

    /**
     * Replaces the edges of {@code from} and of every waiter it reaches with the lock table's
     * current ones; {@code victims}, already chosen and out of the graph, stay out.
     */
    private void refreshReachable(TxnId from, List<TxnId> victims) {
        Set<TxnId> seen = new HashSet<>();
        ArrayDeque<TxnId> todo = new ArrayDeque<>();
        todo.add(from);
        seen.add(from);
        while (!todo.isEmpty()) {
            TxnId waiter = todo.poll();
            if (victims.contains(waiter)) {
                continue;
            }
            Set<TxnId> holders = locks.isWaiting(waiter) ? locks.blockers(waiter) : Set.of();
            graph.setWaits(shard, waiter, holders);
            for (TxnId holder : holders) {
                if (seen.add(holder)) {
                    todo.add(holder);
                }
            }
        }
    }

    long waits() {
        return waits;
    }

    int held() {
        return locks.heldCount();
    }

    int waiting() {
        return locks.waitingCount();
    }
}
