package io.basalt.sim.check;

import io.basalt.raft.Entry;
import io.basalt.sim.disk.LogImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkers a node host reports to while the run goes on, and the record of elections.
 * Leader completeness and state-machine safety fail the run only in the synchronous modes;
 * in async mode a failover may lose acknowledged entries by design.
 */
public final class Checks {
    /** When a node was first seen leading a term. */
    public record Election(long timeUs, int node, long term) {}

    private final Violations violations = new Violations();
    private final ElectionSafety electionSafety = new ElectionSafety(violations);
    private final LogMatching logMatching = new LogMatching(violations);
    private final AppliedHistory applied;
    private final boolean synchronous;
    private final List<Election> elections = new ArrayList<>();

    public Checks(int nodes, boolean synchronous) {
        this.synchronous = synchronous;
        this.applied = new AppliedHistory(violations, nodes, !synchronous);
    }

    public Violations violations() {
        return violations;
    }

    public LogMatching logMatching() {
        return logMatching;
    }

    public AppliedHistory applied() {
        return applied;
    }

    public boolean synchronous() {
        return synchronous;
    }

    public List<Election> elections() {
        return elections;
    }

    public long maxLeaderTerm() {
        return electionSafety.maxLeaderTerm();
    }

    public void onPersist(int node, List<Entry> entries, long nowUs) {
        logMatching.onPersist(node, entries, nowUs);
    }

    public void onLeader(int node, long term, LogImage log, long nowUs) {
        if (electionSafety.onLeader(node, term, nowUs)) {
            elections.add(new Election(nowUs, node, term));
        }
        if (synchronous) {
            applied.onLeader(node, term, log, nowUs);
        }
    }

    public void onApply(int node, Entry e, long nodeTerm, long nowUs) {
        applied.onApply(node, e, nodeTerm, nowUs);
    }

    public void onReset(int node, long snapshotIndex, boolean ownSnapshot) {
        applied.onReset(node, snapshotIndex, ownSnapshot);
    }

    /** A host found its own contract broken (persist before send, apply order). */
    public void hostViolation(String name, String details, long nowUs) {
        violations.violation(name, details, nowUs);
    }
}
