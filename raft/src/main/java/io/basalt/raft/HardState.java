package io.basalt.raft;

import io.basalt.common.NodeId;

/**
 * The state a node must persist before it answers anyone: its current term, the candidate it
 * voted for in that term ({@code null} if none) and the highest index it knows is committed.
 */
public record HardState(long term, NodeId votedFor, long commit) {
    public static final HardState INITIAL = new HardState(0, null, 0);
}
