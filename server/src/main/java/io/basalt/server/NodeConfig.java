package io.basalt.server;

import io.basalt.common.NodeId;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.ReplicationMode;
import io.basalt.txn.engine.TxnConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a node needs to start. The constructor rejects inconsistent settings with a
 * message that names the problem; what only the machine can tell (a port in use, a data
 * directory that cannot be written) is checked by {@link BasaltNode#start()}.
 *
 * @param id this node
 * @param listen the address the node port binds to
 * @param peers every member of the cluster, this node included, with the address others use
 * @param dataDir where the write-ahead log lives ({@code <dataDir>/wal})
 * @param clusterId a name every member shares; connections from another cluster are refused
 * @param tickMs the length of one Raft tick on the system clock
 * @param electionTicks the minimum election timeout in ticks (the timeout is drawn from
 *        {@code [electionTicks, 2 * electionTicks)})
 * @param heartbeatTicks how often a leader sends heartbeats
 * @param snapshotEntries how many applied entries between two snapshots (then the log is compacted)
 * @param snapshotLogBytes how many bytes of log entries between two snapshots, whichever of the
 *        two comes first; it bounds the log a restart replays and the entries the heap holds
 * @param txn limits of transactions (lock timeout, heartbeat timeout, write buffer, version retention)
 * @param sqlListen where the PostgreSQL wire protocol port binds, or null for no SQL port
 * @param readLease whether a leader answers linearizable reads on its lease (checked against
 *                  the monotonic clock) instead of a heartbeat round each; see
 *                  docs/decisions.md, "Linearizable reads on a leader lease"
 * @param storage where the applied state lives: RocksDB under {@code <dataDir>/state}, or memory
 * @param snapshots how snapshots are streamed to followers behind the log's start
 * @param httpListen where the HTTP admin port ({@code /metrics}, {@code /health}) binds, or null for none
 */
public record NodeConfig(
    NodeId id,
    InetSocketAddress listen,
    Map<NodeId, InetSocketAddress> peers,
    Path dataDir,
    String clusterId,
    ReplicationMode replicationMode,
    FailoverMode failoverMode,
    int tickMs,
    int electionTicks,
    int heartbeatTicks,
    int snapshotEntries,
    long snapshotLogBytes,
    TxnConfig txn,
    InetSocketAddress sqlListen,
    boolean readLease,
    StateStorage storage,
    SnapshotSettings snapshots,
    InetSocketAddress httpListen) {

    public static final int TICK_MS_DEFAULT = 10;
    /** 30 ticks of 10 ms: elections time out after 300 to 600 ms, for a fast failover. */
    public static final int ELECTION_TICKS_DEFAULT = 30;
    public static final int HEARTBEAT_TICKS_DEFAULT = 5;
    public static final int SNAPSHOT_ENTRIES_DEFAULT = 10_000;
    public static final long SNAPSHOT_LOG_BYTES_DEFAULT = 256L << 20;
    public static final long SNAPSHOT_LOG_BYTES_MIN = 64L << 10;

    public NodeConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(replicationMode, "replicationMode");
        Objects.requireNonNull(failoverMode, "failoverMode");
        Objects.requireNonNull(txn, "txn");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(snapshots, "snapshots");
        peers = Collections.unmodifiableMap(new TreeMap<>(peers));
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("cluster id must not be empty");
        }
        if (!peers.containsKey(id)) {
            throw new IllegalArgumentException("node " + id + " is not in its own peer list " + peers.keySet()
                + ": list every member, this node included");
        }
        checkDistinctAddresses(peers);
        if (tickMs < 1) {
            throw new IllegalArgumentException("tick must be at least 1 ms: " + tickMs);
        }
        if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeat ticks < election ticks: heartbeat="
                + heartbeatTicks + " election=" + electionTicks);
        }
        if (snapshotEntries < 1) {
            throw new IllegalArgumentException("snapshot interval must be at least 1 entry: " + snapshotEntries);
        }
        if (snapshotLogBytes < SNAPSHOT_LOG_BYTES_MIN) {
            throw new IllegalArgumentException("snapshot interval must be at least " + (SNAPSHOT_LOG_BYTES_MIN >> 10)
                + " KiB of log: " + snapshotLogBytes + " bytes");
        }
    }

    /** A node listening on its own peer address, with the defaults for everything else. */
    public static NodeConfig of(NodeId id, Map<NodeId, InetSocketAddress> peers, Path dataDir, String clusterId) {
        InetSocketAddress self = peers.get(id);
        if (self == null) {
            throw new IllegalArgumentException("node " + id + " is not in its own peer list " + new TreeMap<>(peers).keySet()
                + ": list every member, this node included");
        }
        return new NodeConfig(id, self, peers, dataDir, clusterId, ReplicationMode.SYNC, FailoverMode.AUTOMATIC,
            TICK_MS_DEFAULT, ELECTION_TICKS_DEFAULT, HEARTBEAT_TICKS_DEFAULT, SNAPSHOT_ENTRIES_DEFAULT, SNAPSHOT_LOG_BYTES_DEFAULT,
            TxnConfig.DEFAULTS, null,
            true, StateStorage.DEFAULT, SnapshotSettings.DEFAULT, null);
    }

    public NodeConfig withModes(ReplicationMode replication, FailoverMode failover) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replication, failover, tickMs, electionTicks,
            heartbeatTicks, snapshotEntries, snapshotLogBytes, txn, sqlListen, readLease, storage, snapshots, httpListen);
    }

    public NodeConfig withTiming(int newTickMs, int newElectionTicks, int newHeartbeatTicks) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replicationMode, failoverMode, newTickMs,
            newElectionTicks, newHeartbeatTicks, snapshotEntries, snapshotLogBytes, txn, sqlListen, readLease, storage, snapshots, httpListen);
    }

    public NodeConfig withSnapshotEntries(int entries) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replicationMode, failoverMode, tickMs,
            electionTicks, heartbeatTicks, entries, snapshotLogBytes, txn, sqlListen, readLease, storage, snapshots, httpListen);
    }

    /** Snapshots also once the log since the last one holds {@code bytes} of entries. */
    public NodeConfig withSnapshotLogBytes(long bytes) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replicationMode, failoverMode, tickMs,
            electionTicks, heartbeatTicks, snapshotEntries, bytes, txn, sqlListen, readLease, storage, snapshots,
            httpListen);
    }

    public NodeConfig withListen(InetSocketAddress address) {
        return new NodeConfig(id, address, peers, dataDir, clusterId, replicationMode, failoverMode, tickMs,
            electionTicks, heartbeatTicks, snapshotEntries, snapshotLogBytes, txn, sqlListen, readLease, storage, snapshots, httpListen);
    }

    public NodeConfig withTxn(TxnConfig limits) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replicationMode, failoverMode, tickMs,
            electionTicks, heartbeatTicks, snapshotEntries, snapshotLogBytes, limits, sqlListen, readLease, storage, snapshots, httpListen);
    }

    /** Serves SQL (the PostgreSQL wire protocol) on {@code address}; null turns the SQL port off. */
    public NodeConfig withSql(InetSocketAddress address) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replicationMode, failoverMode, tickMs,
            electionTicks, heartbeatTicks, snapshotEntries, snapshotLogBytes, txn, address, readLease, storage, snapshots, httpListen);
    }

    /** Linearizable reads on the leader's lease ({@code true}, the default) or by a heartbeat round each. */
    public NodeConfig withReadLease(boolean on) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replicationMode, failoverMode, tickMs,
            electionTicks, heartbeatTicks, snapshotEntries, snapshotLogBytes, txn, sqlListen, on, storage, snapshots, httpListen);
    }

    /** Keeps the applied state in RocksDB under {@code <dataDir>/state} or in memory. */
    public NodeConfig withStorage(StateStorage where) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replicationMode, failoverMode, tickMs,
            electionTicks, heartbeatTicks, snapshotEntries, snapshotLogBytes, txn, sqlListen, readLease, where, snapshots, httpListen);
    }

    /** Serves the HTTP admin port ({@code /metrics}, {@code /health}) on {@code address}; null turns it off. */
    public NodeConfig withHttp(InetSocketAddress address) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replicationMode, failoverMode, tickMs,
            electionTicks, heartbeatTicks, snapshotEntries, snapshotLogBytes, txn, sqlListen, readLease, storage, snapshots, address);
    }

    /** Streams snapshots to followers with {@code settings}. */
    public NodeConfig withSnapshots(SnapshotSettings settings) {
        return new NodeConfig(id, listen, peers, dataDir, clusterId, replicationMode, failoverMode, tickMs,
            electionTicks, heartbeatTicks, snapshotEntries, snapshotLogBytes, txn, sqlListen, readLease, storage, settings, httpListen);
    }

    /** The address others use to reach {@code node}, as {@code host:port}, or "" if unknown. */
    public String addressOf(NodeId node) {
        InetSocketAddress a = node == null ? null : peers.get(node);
        return a == null ? "" : a.getHostString() + ":" + a.getPort();
    }

    /**
     * Parses {@code id=host:port} items, as the command line gives them.
     *
     * @throws IllegalArgumentException naming the item that is malformed or repeats an id
     */
    public static Map<NodeId, InetSocketAddress> parsePeers(List<String> items) {
        Map<NodeId, InetSocketAddress> peers = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("peer '" + item + "' is not of the form id=host:port");
            }
            NodeId id = NodeId.of(item.substring(0, eq).trim());
            if (peers.put(id, parseAddress(item.substring(eq + 1).trim())) != null) {
                throw new IllegalArgumentException("node id " + id + " appears twice in the peer list " + items);
            }
        }
        return peers;
    }

    /** Parses {@code host:port} without resolving anything but a literal or local name. */
    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("address '" + hostPort + "' is not of the form host:port");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + hostPort + "' has a port that is not a number");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("address '" + hostPort + "' has a port outside 0-65535");
        }
        return new InetSocketAddress(hostPort.substring(0, colon), port);
    }

    private static void checkDistinctAddresses(Map<NodeId, InetSocketAddress> peers) {
        Map<String, NodeId> seen = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        for (Map.Entry<NodeId, InetSocketAddress> p : peers.entrySet()) {
            String key = p.getValue().getHostString() + ":" + p.getValue().getPort();
            NodeId other = seen.putIfAbsent(key, p.getKey());
            if (other != null) {
                clashes.add("nodes " + other + " and " + p.getKey() + " both have address " + key);
            }
        }
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", clashes));
        }
    }
}
