package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one replica of one group. Times are in ticks; the driver decides how long a tick
 * is (the server uses {@code 10 ms}). The election timeout is drawn uniformly from
 * {@code [electionTimeoutTicksMin, 2 * electionTimeoutTicksMin)} after every reset.
 *
 * @param leaseTicks how long after a quorum's acknowledgement a leader may serve lease reads;
 *        must be below {@code electionTimeoutTicksMin} by at least the clock drift allowed
 */
public record RaftConfig(
    long groupId,
    NodeId self,
    Membership initialMembership,
    int electionTimeoutTicksMin,
    int heartbeatTicks,
    int leaseTicks,
    boolean preVote,
    boolean checkQuorum,
    ReplicationMode replicationMode,
    FailoverMode failoverMode,
    ReadMode readMode,
    int appendEntriesMax,
    long appendBytesMax,
    int inflightAppendsMax,
    Set<ProtocolBreak> breaks) {

    public RaftConfig {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(initialMembership, "initialMembership");
        Objects.requireNonNull(replicationMode, "replicationMode");
        Objects.requireNonNull(failoverMode, "failoverMode");
        Objects.requireNonNull(readMode, "readMode");
        breaks = breaks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(breaks));
        if (heartbeatTicks < 1 || electionTimeoutTicksMin <= heartbeatTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTimeoutTicksMin: heartbeat="
                + heartbeatTicks + " election=" + electionTimeoutTicksMin);
        }
        if (leaseTicks < 0 || leaseTicks >= electionTimeoutTicksMin) {
            throw new IllegalArgumentException("leaseTicks must be in [0, electionTimeoutTicksMin): " + leaseTicks);
        }
        if (readMode == ReadMode.LEASE && !checkQuorum && !breaks.contains(ProtocolBreak.LEASE_READ_WITHOUT_CHECK_QUORUM)) {
            throw new IllegalArgumentException("lease reads need check-quorum");
        }
        if (appendEntriesMax < 1 || appendBytesMax < 1 || inflightAppendsMax < 1) {
            throw new IllegalArgumentException("append limits must be positive");
        }
    }

    /** Defaults: 10 election ticks, heartbeat every tick, pre-vote and check-quorum on, sync. */
    public static RaftConfig defaults(long groupId, NodeId self, Membership membership) {
        return new RaftConfig(groupId, self, membership, 10, 1, 8, true, true, ReplicationMode.SYNC,
            FailoverMode.AUTOMATIC, ReadMode.READ_INDEX, 256, 1 << 20, 64, Set.of());
    }

    public boolean broken(ProtocolBreak b) {
        return breaks.contains(b);
    }

    public RaftConfig withElection(int electionTicksMin, int heartbeat, int lease) {
        return new RaftConfig(groupId, self, initialMembership, electionTicksMin, heartbeat, lease, preVote,
            checkQuorum, replicationMode, failoverMode, readMode, appendEntriesMax, appendBytesMax,
            inflightAppendsMax, breaks);
    }

    public RaftConfig withModes(ReplicationMode replication, FailoverMode failover, ReadMode read) {
        return new RaftConfig(groupId, self, initialMembership, electionTimeoutTicksMin, heartbeatTicks,
            leaseTicks, preVote, checkQuorum, replication, failover, read, appendEntriesMax, appendBytesMax,
            inflightAppendsMax, breaks);
    }

    public RaftConfig withPreVoteAndCheckQuorum(boolean preVoteOn, boolean checkQuorumOn) {
        return new RaftConfig(groupId, self, initialMembership, electionTimeoutTicksMin, heartbeatTicks,
            leaseTicks, preVoteOn, checkQuorumOn, replicationMode, failoverMode, readMode, appendEntriesMax,
            appendBytesMax, inflightAppendsMax, breaks);
    }

    public RaftConfig withAppendLimits(int entriesMax, long bytesMax, int inflightMax) {
        return new RaftConfig(groupId, self, initialMembership, electionTimeoutTicksMin, heartbeatTicks,
            leaseTicks, preVote, checkQuorum, replicationMode, failoverMode, readMode, entriesMax, bytesMax,
            inflightMax, breaks);
    }

    public RaftConfig withBreaks(Set<ProtocolBreak> newBreaks) {
        return new RaftConfig(groupId, self, initialMembership, electionTimeoutTicksMin, heartbeatTicks,
            leaseTicks, preVote, checkQuorum, replicationMode, failoverMode, readMode, appendEntriesMax,
            appendBytesMax, inflightAppendsMax, newBreaks);
    }
}
