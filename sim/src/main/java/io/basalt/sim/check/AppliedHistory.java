package io.basalt.sim.check;

import io.basalt.raft.Entry;
import io.basalt.sim.disk.LogImage;

/**
 * What each node applied, index by index, and what the cluster committed. Checks
 * state-machine safety (no two nodes apply different entries at one index) and leader
 * completeness (a new leader's log holds every entry committed in an earlier term). In async
 * mode replaced applies are expected and counted instead of failing the run.
 */
public final class AppliedHistory {
    private final Violations violations;
    private final boolean divergenceAllowed;
    private final LongList firstTerm = new LongList();
    private final LongList latestTerm = new LongList();
    /** Per index, the lowest term any applier was in when it applied: the commit happened in or before it. */
    private final LongList commitTermBound = new LongList();
    private final LongList[] appliedBy;
    private long maxApplied;
    private long divergentApplies;

    public AppliedHistory(Violations violations, int nodes, boolean divergenceAllowed) {
        this.violations = violations;
        this.divergenceAllowed = divergenceAllowed;
        this.appliedBy = new LongList[nodes];
        for (int i = 0; i < nodes; i++) {
            appliedBy[i] = new LongList();
        }
    }

    public void onApply(int node, Entry e, long nodeTerm, long nowUs) {
        long index = e.index();
        appliedBy[node].set(index, e.term());
        long first = firstTerm.get(index);
        if (first == 0) {
            firstTerm.set(index, e.term());
            commitTermBound.set(index, nodeTerm);
        } else {
            commitTermBound.set(index, Math.min(commitTermBound.get(index), nodeTerm));
        }
        if (first != 0 && first != e.term()) {
            String details = "n" + (node + 1) + " applied " + index + "@" + e.term() + " where " + index + "@"
                + first + " was applied before";
            if (divergenceAllowed) {
                divergentApplies++;
                violations.note("state-machine-safety", details, nowUs);
            } else {
                violations.violation("state-machine-safety", details, nowUs);
            }
        }
        latestTerm.set(index, e.term());
        maxApplied = Math.max(maxApplied, index);
    }

    /** The node's state machine now reflects only its snapshot at {@code index}. */
    public void onReset(int node, long index, boolean ownSnapshot) {
        appliedBy[node].truncate(index + 1);
        if (!ownSnapshot) {
            appliedBy[node].clear(0, index);
        }
    }

    /** Leader completeness, checked when {@code node} becomes leader of {@code term}. */
    public void onLeader(int node, long term, LogImage log, long nowUs) {
        for (long i = log.firstIndex(); i <= maxApplied; i++) {
            long committed = firstTerm.get(i);
            if (committed == 0 || commitTermBound.get(i) >= term) {
                continue;
            }
            if (log.termAt(i) != committed) {
                violations.violation("leader-completeness", "n" + (node + 1) + " leads term " + term
                    + " without committed entry " + i + "@" + committed + " (has term " + log.termAt(i) + ")", nowUs);
                return;
            }
        }
    }

    /**
     * The term the node's state reflects at {@code index} if it applied that index itself,
     * else the term last applied there by anyone; 0 if nobody applied it.
     */
    public long termAt(int node, long index) {
        long own = appliedBy[node].get(index);
        return own != 0 ? own : latestTerm.get(index);
    }

    public long divergentApplies() {
        return divergentApplies;
    }
}
