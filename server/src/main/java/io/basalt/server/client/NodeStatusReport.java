package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftStatus;
import java.util.List;

/**
 * What one node says about itself: its process id, the address it listens on, and the Raft
 * status of every group it hosts.
 */
public record NodeStatusReport(NodeId node, long pid, String listen, List<RaftStatus> groups) {
    public NodeStatusReport {
        groups = List.copyOf(groups);
    }
}
