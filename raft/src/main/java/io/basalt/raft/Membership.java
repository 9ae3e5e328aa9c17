package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The replicas of a group: voters decide elections and commits; learners receive the log but
 * never vote and never count toward a quorum.
 */
public record Membership(SortedSet<NodeId> voters, SortedSet<NodeId> learners) {
    public Membership {
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        learners = Collections.unmodifiableSortedSet(new TreeSet<>(learners));
        for (NodeId learner : learners) {
            if (voters.contains(learner)) {
                throw new IllegalArgumentException(learner + " cannot be both voter and learner");
            }
        }
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a group needs at least one voter");
        }
    }

    public static Membership ofVoters(NodeId... voters) {
        return new Membership(new TreeSet<>(java.util.List.of(voters)), new TreeSet<>());
    }

    public boolean isVoter(NodeId id) {
        return voters.contains(id);
    }

    public boolean isLearner(NodeId id) {
        return learners.contains(id);
    }

    public boolean contains(NodeId id) {
        return isVoter(id) || isLearner(id);
    }

    /** Voters and learners, in id order. */
    public SortedSet<NodeId> all() {
        TreeSet<NodeId> all = new TreeSet<>(voters);
        all.addAll(learners);
        return Collections.unmodifiableSortedSet(all);
    }

    /** The number of voters that makes a majority. */
    public int quorum() {
        return voters.size() / 2 + 1;
    }
}
