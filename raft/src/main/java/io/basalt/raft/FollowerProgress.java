package io.basalt.raft;

import io.basalt.common.NodeId;

/**
 * The leader's view of one other replica: the last index known durable there, the next index
 * to send, and the lag in entries and bytes behind the leader's last index.
 */
public record FollowerProgress(NodeId id, boolean learner, long matchIndex, long nextIndex,
                               long lagEntries, long lagBytes, boolean recentlyActive) {}
