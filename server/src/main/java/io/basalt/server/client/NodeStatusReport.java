package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftStatus;
import io.basalt.storage.api.EngineStats;
import java.util.List;
import java.util.Map;

/**
 * What one node says about itself: its process id, the address it listens on, the Raft
 * status of every group it hosts, and the groups whose replica here stopped accepting writes
 * (its write-ahead log failed), with the reason, and the read cache of each group's state
 * engine (RocksDB's block cache: hits, misses, bytes held and capacity), and the snapshot
 * transfers under way to or from it.
 */
public record NodeStatusReport(NodeId node, long pid, String listen, List<RaftStatus> groups,
                               Map<Long, String> stoppedGroups, Map<Long, EngineStats> engineCaches,
                               List<SnapshotProgress> snapshotTransfers) {
    public NodeStatusReport {
        groups = List.copyOf(groups);
        stoppedGroups = Map.copyOf(stoppedGroups);
        engineCaches = Map.copyOf(engineCaches);
        snapshotTransfers = List.copyOf(snapshotTransfers);
    }

    public NodeStatusReport(NodeId node, long pid, String listen, List<RaftStatus> groups) {
        this(node, pid, listen, groups, Map.of(), Map.of(), List.of());
    }

    /** The snapshot transfers of group {@code groupId} under way to or from this node. */
    public List<SnapshotProgress> snapshotTransfers(long groupId) {
        return snapshotTransfers.stream().filter(p -> p.groupId() == groupId).toList();
    }

    /** The block cache of the group's state engine on this node, or null (a memory engine has none). */
    public EngineStats engineCache(long groupId) {
        return engineCaches.get(groupId);
    }

    /** Why the group's replica on this node stopped accepting writes, or null while it serves. */
    public String stopReason(long groupId) {
        return stoppedGroups.get(groupId);
    }
}
