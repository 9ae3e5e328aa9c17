package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftStatus;
import java.util.List;
import java.util.Map;

/**
 * What one node says about itself: its process id, the address it listens on, the Raft
 * status of every group it hosts, and the groups whose replica here stopped accepting writes
 * (its write-ahead log failed), with the reason.
 */
public record NodeStatusReport(NodeId node, long pid, String listen, List<RaftStatus> groups,
                               Map<Long, String> stoppedGroups) {
    public NodeStatusReport {
        groups = List.copyOf(groups);
        stoppedGroups = Map.copyOf(stoppedGroups);
    }

    public NodeStatusReport(NodeId node, long pid, String listen, List<RaftStatus> groups) {
        this(node, pid, listen, groups, Map.of());
    }

    /** Why the group's replica on this node stopped accepting writes, or null while it serves. */
    public String stopReason(long groupId) {
        return stoppedGroups.get(groupId);
    }
}
