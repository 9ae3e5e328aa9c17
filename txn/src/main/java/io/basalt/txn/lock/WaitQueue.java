package io.basalt.txn.lock;

import io.basalt.common.Invariants;
import io.basalt.txn.TxnId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The waiting requests, at most one per transaction, in queue order: upgrades first, then
 * ordinary requests, each in arrival order. One queue for the whole table rather than one per
 * key, because ranges make "the same lock" a matter of overlap; the queue holds at most one
 * request per live transaction (hundreds), so scanning it is cheap.
 */
final class WaitQueue {
    private final Map<TxnId, LockRequest> upgrades = new LinkedHashMap<>();
    private final Map<TxnId, LockRequest> ordinary = new LinkedHashMap<>();

    LockRequest get(TxnId txn) {
        LockRequest r = upgrades.get(txn);
        return r != null ? r : ordinary.get(txn);
    }

    /** Queues {@code request} at the end of its class (upgrade or ordinary). */
    void add(LockRequest request) {
        LockRequest before = get(request.txn());
        Invariants.check(before == null, "%s already waits for %s %s", request.txn(),
            before == null ? null : before.mode(), before == null ? null : before.target());
        (request.upgrade() ? upgrades : ordinary).put(request.txn(), request);
    }

    /** Withdraws the request of {@code txn}; returns it, or null if it was not waiting. */
    LockRequest remove(TxnId txn) {
        LockRequest r = upgrades.remove(txn);
        return r != null ? r : ordinary.remove(txn);
    }

    /**
     * Adds to {@code out} the transactions whose requests are queued ahead of {@code request}
     * and conflict with it. A request not yet queued is treated as if it were appended.
     */
    void addConflictsAhead(LockRequest request, Set<TxnId> out) {
        if (addConflicts(upgrades.values(), request, out) || request.upgrade()) {
            return;
        }
        addConflicts(ordinary.values(), request, out);
    }

    /** Scans {@code queue} up to {@code request}; returns true if it was found there. */
    private static boolean addConflicts(Collection<LockRequest> queue, LockRequest request, Set<TxnId> out) {
        for (LockRequest ahead : queue) {
            if (ahead.txn().equals(request.txn())) {
                return true;
            }
            if (request.conflictsWith(ahead)) {
                out.add(ahead.txn());
            }
        }
        return false;
    }

    /** A snapshot of the queue in order, safe to iterate while granting. */
    List<LockRequest> inOrder() {
        List<LockRequest> all = new ArrayList<>(size());
        all.addAll(upgrades.values());
        all.addAll(ordinary.values());
        return all;
    }

    Collection<TxnId> waiters() {
        List<TxnId> all = new ArrayList<>(size());
        all.addAll(upgrades.keySet());
        all.addAll(ordinary.keySet());
        return all;
    }

    int size() {
        return upgrades.size() + ordinary.size();
    }
}
