package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.List;

/**
 * A consistent picture of one replica for {@code basalt status}, metrics and checkers.
 *
 * @param lostCommittedEntries entries this node once saw committed that a later leader's log
 *        replaced; non-zero only in {@link ReplicationMode#ASYNC} (or under a protocol break)
 * @param unshippedEntries on a leader, entries committed but not yet durable on every voter:
 *        the window an async failover could lose
 */
public record RaftStatus(
    long groupId,
    NodeId self,
    RaftRole role,
    long term,
    NodeId leader,
    NodeId votedFor,
    long firstIndex,
    long lastIndex,
    long lastTerm,
    long persistedIndex,
    long commitIndex,
    long appliedIndex,
    ReplicationMode replicationMode,
    FailoverMode failoverMode,
    Membership membership,
    List<FollowerProgress> followers,
    long lostCommittedEntries,
    long unshippedEntries) {

    public RaftStatus {
        followers = List.copyOf(followers);
    }
}
