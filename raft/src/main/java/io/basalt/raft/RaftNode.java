package io.basalt.raft;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;

/**
 * One replica of one Raft group: a deterministic, single-threaded state machine.
 *
 * <p>Inputs: {@link #tick()}, {@link #step(Message)}, {@link #propose(byte[])},
 * {@link #readIndex(long)}, {@link #persisted(long, long)} and the operator commands. After any
 * input the driver calls {@link #hasReady()} and, if true, {@link #ready()} to take the
 * effects. The node never performs I/O itself.
 *
 * <p>API SKELETON: the implementation is being written.
 */
public final class RaftNode {

    /**
     * @param config this replica's settings
     * @param prng the only source of randomness (election timeouts)
     * @param restored what the node recovered from disk ({@link RaftState#empty()} on first start)
     */
    public RaftNode(RaftConfig config, Prng prng, RaftState restored) {
        throw new UnsupportedOperationException("RaftNode is not implemented yet");
    }

    /** One unit of logical time passed. */
    public void tick() {}

    /** A message from another replica arrived. Messages for another group are a caller bug. */
    public void step(Message message) {}

    /**
     * Appends {@code data} to the log if this node is the leader.
     *
     * @return the index the entry will have; the proposal succeeded if a committed entry with
     *         this index and the returned term ({@link #term()}) is later applied
     * @throws NotLeaderException if this node is not the leader or is transferring leadership
     */
    public long propose(byte[] data) throws NotLeaderException {
        throw new NotLeaderException(null, "not implemented");
    }

    /**
     * Asks for a linearizable read. When leadership is confirmed (read index round or valid
     * lease) a {@link ReadState} with this {@code requestId} appears in a later {@link Ready}.
     *
     * @throws NotLeaderException if this node is not the leader
     */
    public void readIndex(long requestId) throws NotLeaderException {
        throw new NotLeaderException(null, "not implemented");
    }

    /**
     * A disk write finished: every entry up to {@code index} (whose entry has {@code term}) and
     * every hard state and snapshot handed out in earlier Readys are durable. A stale
     * notification (the entry at {@code index} now has another term) is ignored.
     */
    public void persisted(long index, long term) {}

    /** Leadership transfer to {@code target} (Raft §3.10). Only on the leader; else ignored. */
    public void transferLeadership(NodeId target) {}

    /**
     * Operator promotion: start a {@link VoteKind#FORCED} election at once. Used with
     * {@link FailoverMode#MANUAL}; voters grant it whatever the completeness of this log.
     */
    public void promote() {}

    /** Changes the replication mode live; takes effect for the next commit decision. */
    public void setReplicationMode(ReplicationMode mode) {}

    /** Changes the failover mode live. */
    public void setFailoverMode(FailoverMode mode) {}

    /**
     * Proposes a membership change (one server at a time), allowed only once an entry of the
     * leader's current term has committed and no other change is pending.
     *
     * @return the index of the CONFIG entry
     */
    public long proposeMembership(Membership next) throws NotLeaderException {
        throw new NotLeaderException(null, "not implemented");
    }

    /**
     * Log-compaction hook: the driver has durably saved {@code snapshot} of its state machine
     * (at an index it has applied); entries up to that index are dropped from the log, and the
     * snapshot is what the leader sends to replicas that fall behind the log's start.
     */
    public void compact(Snapshot snapshot) {}

    public boolean hasReady() {
        return false;
    }

    /** Takes the accumulated effects. Call only when {@link #hasReady()}. */
    public Ready ready() {
        throw new IllegalStateException("no ready");
    }

    public long term() {
        return 0;
    }

    public RaftRole role() {
        return RaftRole.FOLLOWER;
    }

    public NodeId leader() {
        return null;
    }

    public RaftStatus status() {
        throw new UnsupportedOperationException();
    }
}
