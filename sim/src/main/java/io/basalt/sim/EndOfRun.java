package io.basalt.sim;

import io.basalt.raft.RaftRole;
import io.basalt.sim.check.Checks;
import io.basalt.sim.check.Linearizability;
import io.basalt.sim.check.Violations;
import io.basalt.sim.disk.LogImage;
import io.basalt.sim.node.NodeHost;
import io.basalt.sim.workload.History;
import io.basalt.sim.workload.Op;
import java.util.List;

/**
 * The checks that need the whole run: log matching across the surviving logs, durability of
 * every acknowledged write against the surviving leader, and linearizability of the history.
 */
final class EndOfRun {
    /** Search effort per key before the linearizability check says "inconclusive". */
    static final long LINEARIZABILITY_STEPS_MAX = 2_000_000;

    record Outcome(long lostAcked, long inconclusiveKeys) {}

    private final List<NodeHost> hosts;
    private final Checks checks;
    private final History history;
    private final long nowUs;

    EndOfRun(List<NodeHost> hosts, Checks checks, History history, long nowUs) {
        this.hosts = hosts;
        this.checks = checks;
        this.history = history;
        this.nowUs = nowUs;
    }

    Outcome check(boolean live) {
        for (int a = 0; a < hosts.size(); a++) {
            for (int b = a + 1; b < hosts.size(); b++) {
                if (hosts.get(a).up() && hosts.get(b).up()) {
                    checks.logMatching().checkPair(a, hosts.get(a).log(), b, hosts.get(b).log(), nowUs);
                }
            }
        }
        NodeHost leader = live ? leader() : null;
        long lost = leader == null ? 0 : durability(leader);
        return new Outcome(lost, linearizability());
    }

    private NodeHost leader() {
        NodeHost best = null;
        for (NodeHost h : hosts) {
            if (h.up() && h.node().role() == RaftRole.LEADER
                && (best == null || h.node().term() > best.node().term())) {
                best = h;
            }
        }
        return best;
    }

    /** Counts acknowledged writes the leader's committed log does not hold; fails sync modes. */
    private long durability(NodeHost leader) {
        Violations v = checks.violations();
        long applied = leader.stateMachine().appliedIndex();
        LogImage log = leader.log();
        long lost = 0;
        for (Op op : history.ops()) {
            if (!op.isWrite() || op.outcome() != Op.Outcome.OK) {
                continue;
            }
            long term = op.index() <= applied ? checks.applied().termAt(leader.address(), op.index()) : log.termAt(op.index());
            if (term == op.term()) {
                continue;
            }
            lost++;
            String details = "acknowledged " + op.kind() + " of client " + op.clientId() + " at " + op.index() + "@"
                + op.term() + " is not in leader " + leader.id() + "'s log (term there " + term + ")";
            if (checks.synchronous()) {
                v.violation("durability", details, nowUs);
            } else {
                v.note("lost-acknowledged-write", details, nowUs);
            }
        }
        return lost;
    }

    private long linearizability() {
        long inconclusive = 0;
        for (Linearizability.Result r : Linearizability.check(history.ops(), LINEARIZABILITY_STEPS_MAX)) {
            switch (r.verdict()) {
                case LINEARIZABLE -> { }
                case INCONCLUSIVE -> inconclusive++;
                case NOT_LINEARIZABLE -> {
                    String details = "key " + r.key() + ": " + r.details();
                    if (checks.synchronous()) {
                        checks.violations().violation("linearizability", details, nowUs);
                    } else {
                        checks.violations().note("linearizability", details, nowUs);
                    }
                }
            }
        }
        return inconclusive;
    }
}
