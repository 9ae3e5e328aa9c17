package io.basalt.sim.check;

import java.util.HashMap;
import java.util.Map;

/** Election safety: at most one leader per term, over the whole run (Raft §5.2). */
public final class ElectionSafety {
    private final Violations violations;
    private final Map<Long, Integer> leaderOfTerm = new HashMap<>();
    private long maxTerm;

    public ElectionSafety(Violations violations) {
        this.violations = violations;
    }

    /** Returns true if this is the first time a leader of {@code term} is seen. */
    public boolean onLeader(int node, long term, long nowUs) {
        maxTerm = Math.max(maxTerm, term);
        Integer previous = leaderOfTerm.putIfAbsent(term, node);
        if (previous != null && previous != node) {
            violations.violation("election-safety",
                "term " + term + " has two leaders: n" + (previous + 1) + " and n" + (node + 1), nowUs);
        }
        return previous == null;
    }

    public int elections() {
        return leaderOfTerm.size();
    }

    public long maxLeaderTerm() {
        return maxTerm;
    }
}
