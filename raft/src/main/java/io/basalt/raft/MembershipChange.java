package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.Set;
import java.util.TreeSet;

/** The rule for membership changes: one server at a time (Raft dissertation §4.1). */
final class MembershipChange {
    private MembershipChange() {}

    /**
     * Accepts adding or removing one voter or learner, or moving one server between learners
     * and voters; rejects anything touching more than one server, or no change at all.
     */
    static void validate(Membership current, Membership next) {
        Set<NodeId> changed = new TreeSet<>();
        symmetricDifference(current.voters(), next.voters(), changed);
        symmetricDifference(current.learners(), next.learners(), changed);
        if (changed.size() != 1) {
            throw new IllegalArgumentException("a membership change must touch exactly one server: "
                + current + " -> " + next + " changes " + changed);
        }
    }

    private static void symmetricDifference(Set<NodeId> a, Set<NodeId> b, Set<NodeId> out) {
        for (NodeId id : a) {
            if (!b.contains(id)) {
                out.add(id);
            }
        }
        for (NodeId id : b) {
            if (!a.contains(id)) {
                out.add(id);
            }
        }
    }
}
