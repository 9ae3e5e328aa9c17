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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
    private final Set<TxnId> withEdges = new HashSet<>();
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
        withEdges.remove(txn);
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

    /** Refreshes the edges of every waiting transaction among {@code open}; returns the victims of every cycle. */
    List<TxnId> deadlockVictims(Collection<Txn> open) {
        for (TxnId id : new ArrayList<>(withEdges)) {
            if (!locks.isWaiting(id)) {
                graph.setWaits(shard, id, Set.of());
                withEdges.remove(id);
            }
        }
        for (Txn t : open) {
            if (t.pending != null && locks.isWaiting(t.id)) {
                graph.setWaits(shard, t.id, locks.blockers(t.id));
                withEdges.add(t.id);
            }
        }
        return graph.victims();
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
