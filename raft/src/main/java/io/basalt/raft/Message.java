package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.List;

/**
 * A message between two replicas of one group. Every message names its group so that one
 * node (one transport connection) can host many groups.
 */
public sealed interface Message
    permits Message.VoteRequest, Message.VoteResponse, Message.AppendRequest, Message.AppendResponse,
        Message.HeartbeatResponse, Message.InstallSnapshot, Message.TimeoutNow {

    long groupId();

    NodeId from();

    NodeId to();

    /** The sender's term; for a pre-vote request, the term the sender would campaign in. */
    long term();

    /**
     * True if this message vouches for state on the sender's disk (a vote, a vote request, an
     * append acknowledgement), so it may leave only once its {@link Ready} is durable. A
     * leader's appends, snapshots and transfer requests promise nothing about its own disk: the
     * driver may send them at once, in parallel with the leader's own fsync (Raft dissertation
     * §10.2.1), because the leader counts itself toward a commit only once it has persisted.
     * A {@link HeartbeatResponse} vouches for nothing on disk either.
     */
    default boolean requiresDurableSender() {
        return switch (this) {
            case VoteRequest v -> true;
            case VoteResponse v -> true;
            case AppendResponse a -> true;
            case HeartbeatResponse h -> false;
            case AppendRequest a -> false;
            case InstallSnapshot s -> false;
            case TimeoutNow t -> false;
        };
    }

    /** A request for a vote (or a pre-vote) in {@code term}. */
    record VoteRequest(long groupId, NodeId from, NodeId to, long term, VoteKind kind,
                       long lastLogIndex, long lastLogTerm) implements Message {}

    /** The answer to a {@link VoteRequest}; {@code preVote} echoes the request's kind. */
    record VoteResponse(long groupId, NodeId from, NodeId to, long term, boolean preVote,
                        boolean granted) implements Message {}

    /**
     * Entries following {@code (prevLogIndex, prevLogTerm)}; empty as a heartbeat.
     * {@code readContext} is non-zero when the leader confirms leadership for read-index reads.
     */
    record AppendRequest(long groupId, NodeId from, NodeId to, long term, long prevLogIndex,
                         long prevLogTerm, List<Entry> entries, long leaderCommit,
                         long readContext) implements Message {
        public AppendRequest {
            entries = List.copyOf(entries);
        }
    }

    /**
     * The answer to an {@link AppendRequest} or {@link InstallSnapshot}. On success
     * {@code matchIndex} is the last index the follower holds durably that matches the leader.
     * On rejection {@code rejectHint} is the index the leader should try next as
     * {@code prevLogIndex + 1} and {@code rejectHintTerm} the follower's term there (0 if none),
     * so the leader can skip a whole conflicting term at once.
     */
    record AppendResponse(long groupId, NodeId from, NodeId to, long term, boolean success,
                          long matchIndex, long rejectHint, long rejectHintTerm,
                          long readContext) implements Message {}

    /**
     * Sent at once, beside the {@link AppendResponse}, to an {@link AppendRequest} without
     * entries (a heartbeat): the sender follows {@code to} in {@code term} and has seen the read
     * round {@code readContext}. It acknowledges no entry, so it need not wait for the sender's
     * writes in flight; without it a follower busy writing a large batch would look silent, and
     * check-quorum would depose a leader whose followers are all alive.
     */
    record HeartbeatResponse(long groupId, NodeId from, NodeId to, long term, long readContext) implements Message {}

    /** The leader's snapshot for a follower whose next entry the leader has compacted away. */
    record InstallSnapshot(long groupId, NodeId from, NodeId to, long term,
                           Snapshot snapshot) implements Message {}

    /** Leadership transfer: the target should campaign at once (Raft §3.10). */
    record TimeoutNow(long groupId, NodeId from, NodeId to, long term) implements Message {}
}
