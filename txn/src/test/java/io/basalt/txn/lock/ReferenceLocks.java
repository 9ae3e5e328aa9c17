package io.basalt.txn.lock;

import io.basalt.txn.LockMode;
import io.basalt.txn.TxnId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lock table's rules written as plainly as possible, for differential testing: held locks
 * and waiting requests are flat lists, and every question is answered by scanning them all.
 */
final class ReferenceLocks {
    final List<Grant> held = new ArrayList<>();
    /** Waiting requests in queue order: upgrades first, then the rest, each in arrival order. */
    final List<Waiter> queue = new ArrayList<>();

    record Waiter(Grant want, boolean upgrade) {}

    static boolean conflict(TxnId t1, LockTarget target1, LockMode m1, TxnId t2, LockTarget target2, LockMode m2) {
        boolean bothShared = m1 == LockMode.SHARED && m2 == LockMode.SHARED;
        return !t1.equals(t2) && !bothShared && target1.overlaps(target2);
    }

    LockMode mode(TxnId txn, LockTarget target) {
        for (Grant g : held) {
            if (g.txn().equals(txn) && g.target().equals(target)) {
                return g.mode();
            }
        }
        return null;
    }

    Waiter waiter(TxnId txn) {
        return queue.stream().filter(w -> w.want.txn().equals(txn)).findFirst().orElse(null);
    }

    /** Blockers of {@code w}; if it is not queued, as if it had just been queued. */
    Set<TxnId> blockers(Waiter w) {
        Set<TxnId> out = new HashSet<>();
        Grant want = w.want;
        for (Grant h : held) {
            if (conflict(want.txn(), want.target(), want.mode(), h.txn(), h.target(), h.mode())) {
                out.add(h.txn());
            }
        }
        for (Waiter ahead : queue) {
            if (ahead == w || (w.upgrade && !ahead.upgrade)) {
                break;
            }
            Grant a = ahead.want;
            if (conflict(want.txn(), want.target(), want.mode(), a.txn(), a.target(), a.mode())) {
                out.add(a.txn());
            }
        }
        return out;
    }

    /** Returns null if granted, else the blockers. */
    Set<TxnId> acquire(TxnId txn, LockTarget target, LockMode mode) {
        LockMode already = mode(txn, target);
        if (already == LockMode.EXCLUSIVE || already == mode) {
            return null;
        }
        Waiter w = new Waiter(new Grant(txn, target, mode), already != null);
        Set<TxnId> blockers = blockers(w);
        if (blockers.isEmpty()) {
            hold(w.want);
            return null;
        }
        int at = queue.size();
        if (w.upgrade) {
            at = 0;
            while (at < queue.size() && queue.get(at).upgrade) {
                at++;
            }
        }
        queue.add(at, w);
        return blockers;
    }

    private void hold(Grant g) {
        held.removeIf(h -> h.txn().equals(g.txn()) && h.target().equals(g.target()));
        held.add(g);
    }

    List<Grant> releaseAll(TxnId txn) {
        held.removeIf(h -> h.txn().equals(txn));
        queue.removeIf(w -> w.want.txn().equals(txn));
        return grant();
    }

    List<Grant> releaseShared(TxnId txn) {
        held.removeIf(h -> h.txn().equals(txn) && h.mode() == LockMode.SHARED);
        return grant();
    }

    List<Grant> cancelWait(TxnId txn) {
        queue.removeIf(w -> w.want.txn().equals(txn));
        return grant();
    }

    private List<Grant> grant() {
        List<Grant> out = new ArrayList<>();
        for (Waiter w : List.copyOf(queue)) {
            if (blockers(w).isEmpty()) {
                queue.remove(w);
                hold(w.want);
                out.add(w.want);
            }
        }
        return out;
    }
}
