package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@link RaftStatus} of a replica. */
final class StatusReport {
    private StatusReport() {}

    static RaftStatus of(RaftNode node) {
        RaftLog log = node.log;
        List<FollowerProgress> followers = new ArrayList<>();
        long unshipped = 0;
        if (node.role instanceof Leader leader) {
            for (Map.Entry<NodeId, Progress> e : leader.progress().entrySet()) {
                Progress pr = e.getValue();
                long lag = Math.max(0, log.lastIndex() - pr.match);
                followers.add(new FollowerProgress(e.getKey(), node.membership.isLearner(e.getKey()), pr.match,
                    pr.next, lag, log.bytesAfter(pr.match), leader.recentlyActive(pr)));
            }
            unshipped = Math.max(0, log.commitIndex() - leader.minVoterMatch());
        }
        return new RaftStatus(node.config.groupId(), node.self, node.role(), node.term, node.leaderId,
            node.votedFor, log.firstIndex(), log.lastIndex(), log.lastTerm(), log.persistedIndex(),
            log.commitIndex(), log.appliedIndex(), node.replicationMode, node.failoverMode, node.membership,
            followers, node.lostCommittedEntries, unshipped);
    }
}
