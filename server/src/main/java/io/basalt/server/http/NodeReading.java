package io.basalt.server.http;

import io.basalt.raft.RaftStatus;
import io.basalt.server.client.NodeStatusReport;
import io.basalt.server.replica.LogStats;
import io.basalt.txn.engine.TxnStats;
import java.util.Map;

/**
 * What one scrape of {@code /metrics} reads from the node.
 *
 * @param status the node's status, as {@code basalt status} shows it (its engine counters too)
 * @param txns each group's transaction counters, for the groups this node leads
 * @param log the write-ahead log's counters
 * @param sqlConnections open connections on the SQL port, or -1 when the node has none
 */
public record NodeReading(NodeStatusReport status, Map<Long, TxnStats> txns,
                          LogStats log, int sqlConnections) {
    public NodeReading {
        txns = Map.copyOf(txns);
    }

    /** The Raft status of the group, or null if the reading has none. */
    public RaftStatus raft(long groupId) {
        return status.groups().stream().filter(s -> s.groupId() == groupId).findFirst().orElse(null);
    }
}
