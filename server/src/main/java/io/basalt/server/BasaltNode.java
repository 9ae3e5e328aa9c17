package io.basalt.server;

import io.basalt.common.NodeId;
import io.basalt.raft.Message;
import io.basalt.raft.RaftStatus;
import io.basalt.server.backup.BackupStaging;
import io.basalt.server.client.NodeStatusReport;
import io.basalt.server.http.AdminHttp;
import io.basalt.server.http.NodeMetrics;
import io.basalt.server.http.NodeReading;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.Error.Code;
import io.basalt.server.sql.SqlFrontEnd;
import io.basalt.server.replica.GroupReplica;
import io.basalt.txn.engine.TxnStats;
import io.basalt.server.replica.LogReleaser;
import io.basalt.server.replica.RecordLog;
import io.basalt.server.replica.RecoveredGroup;
import io.basalt.server.replica.Recovery;
import io.basalt.server.replica.Responses;
import io.basalt.server.replica.WalRecordLog;
import io.basalt.server.transport.InboundSink;
import io.basalt.server.transport.Responder;
import io.basalt.server.transport.Transport;
import io.basalt.raft.transfer.TransferMessage;
import io.basalt.server.client.SnapshotProgress;
import io.basalt.server.wire.RaftCodec;
import io.basalt.server.wire.TransferCodec;
import io.basalt.server.wire.StatusCodec;
import io.basalt.server.wire.WireException;
import io.basalt.storage.api.EngineStats;
import io.basalt.storage.api.StorageException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Basalt node: the node port, the write-ahead log in {@code <dataDir>/wal}, and one
 * {@link GroupReplica} per group it hosts (one group, {@link #DEFAULT_GROUP_ID}, for now).
 * {@link #start()} recovers every group from the log before it listens; {@link #stop()} is
 * idempotent, and a stopped node can be started again as a new {@code BasaltNode} on the same
 * configuration.
 */
public final class BasaltNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BasaltNode.class);
    public static final long DEFAULT_GROUP_ID = 1;
    private static final long STATUS_TIMEOUT_MS = 5_000;

    /** Opens the node's record log in a directory; tests substitute one that fails on demand. */
    @FunctionalInterface
    public interface LogOpener {
        RecordLog open(Path walDir) throws IOException;
    }

    private final NodeConfig config;
    private final LogOpener logOpener;
    private final Map<Long, GroupReplica> groups = new ConcurrentHashMap<>();
    private RecordLog recordLog;
    private Transport transport;
    /** Read by the metrics' reading, which may complete on a group's loop. */
    private volatile SqlFrontEnd sql;
    private NodeMetrics metrics;
    private AdminHttp http;
    /** Routes requests to groups: from the node port, and from this node's own SQL port by a call. */
    private final Sink sink = new Sink();
    private BackupStaging backups;
    private boolean started;
    private boolean stopped;

    public BasaltNode(NodeConfig config) {
        this(config, WalRecordLog::open);
    }

    public BasaltNode(NodeConfig config, LogOpener logOpener) {
        this.config = config;
        this.logOpener = logOpener;
    }

    /**
     * Recovers the groups from the log, binds the node port and starts serving.
     *
     * @throws NodeStartException if the data directory cannot be used, the log is damaged or
     *         the port is taken; the message names the path or address
     * @return this node
     */
    public synchronized BasaltNode start() {
        if (started) {
            throw new IllegalStateException("node " + config.id() + " was already started; start a new BasaltNode");
        }
        started = true;
        Path walDir = DataDir.prepare(config.dataDir());
        backups = new BackupStaging(config.dataDir());
        try {
            backups.clean();
            recordLog = logOpener.open(walDir);
            Map<Long, RecoveredGroup> recovered = Recovery.replay(recordLog);
            recovered.keySet().stream().filter(g -> g != DEFAULT_GROUP_ID).forEach(g ->
                log.warn("node {}: the log holds records of group {}, which this node does not host", config.id(), g));
            LogReleaser releaser = new LogReleaser(recordLog, Set.of(DEFAULT_GROUP_ID));
            // Bind before the replicas exist: messages that arrive in between are dropped (Raft
            // retries), and a taken port is reported before any group starts.
            transport = new Transport(config.id(), config.clusterId(), config.peers(), sink);
            transport.start(config.listen());
            RecoveredGroup group = recovered.getOrDefault(DEFAULT_GROUP_ID, RecoveredGroup.empty(DEFAULT_GROUP_ID));
            groups.put(DEFAULT_GROUP_ID, new GroupReplica(DEFAULT_GROUP_ID, config, group, recordLog, releaser,
                new NodeOutbox()));
        } catch (BindException e) {
            stop();
            throw new NodeStartException(e.getMessage(), e);
        } catch (IOException e) {
            stop();
            throw new NodeStartException("node " + config.id() + " cannot open or replay its write-ahead log in "
                + walDir + ": " + e.getMessage(), e);
        } catch (StorageException e) {
            stop();
            throw new NodeStartException("node " + config.id() + " cannot open its state engine: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        // The HTTP port starts before the groups do: its first start loads many classes, and on
        // a busy machine that burst would otherwise fall on a leader just elected and cost it
        // its heartbeats.
        if (config.httpListen() != null) {
            startHttp();
        }
        groups.values().forEach(GroupReplica::start);
        if (config.sqlListen() != null) {
            try {
                sql = SqlFrontEnd.start(config, sink);
            } catch (RuntimeException e) {
                stop();
                throw e;
            }
            log.info("node {} serving SQL on postgresql://{}:{}/postgres", config.id(),
                sql.address().getHostString(), sql.address().getPort());
        }
        log.info("node {} serving cluster '{}' on {} (pid {})", config.id(), config.clusterId(),
            transport.boundAddress(), ProcessHandle.current().pid());
        return this;
    }

    private void startHttp() {
        try {
            metrics = new NodeMetrics(config.id().value(), config.clusterId(), groups.keySet(),
                !config.storage().inMemory(), config.sqlListen() != null, this::readingAsync);
            http = AdminHttp.start(config.id().value(), config.httpListen(), metrics, this::problems);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("node {} serving metrics on http://{}:{}/metrics", config.id(), http.address().getHostString(),
            http.address().getPort());
    }

    /** Stops serving: answers waiting clients, closes connections and the log. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (http != null) {
            http.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (sql != null) {
            sql.close();
        }
        groups.values().forEach(GroupReplica::stop);
        if (transport != null) {
            transport.close();
        }
        if (recordLog != null) {
            try {
                recordLog.close();
            } catch (IOException e) {
                log.warn("node {}: closing the write-ahead log failed: {}", config.id(), e.toString());
            }
        }
        log.info("node {} stopped", config.id());
    }

    @Override
    public void close() {
        stop();
    }

    public NodeConfig config() {
        return config;
    }

    public NodeId id() {
        return config.id();
    }

    /** The address the node port is bound to. */
    public synchronized InetSocketAddress listenAddress() {
        if (transport == null || stopped) {
            throw new IllegalStateException("node " + config.id() + " is not running");
        }
        return transport.boundAddress();
    }

    /** The address the SQL (PostgreSQL wire protocol) port is bound to, or null when it has none. */
    public synchronized InetSocketAddress sqlAddress() {
        return sql == null || stopped ? null : sql.address();
    }

    /** The address the HTTP admin port is bound to, or null when it has none. */
    public synchronized InetSocketAddress httpAddress() {
        return http == null || stopped ? null : http.address();
    }

    /** This node's status: process id, listen address and every group's Raft status. */
    public NodeStatusReport status() {
        return await(statusAsync(), "status");
    }

    /** How group {@code groupId}'s state was brought back at start (engine index, entries replayed after it). */
    public GroupReplica.Recovered recovered(long groupId) {
        GroupReplica g = groups.get(groupId);
        if (g == null) {
            throw new IllegalArgumentException("node " + config.id() + " does not host group " + groupId);
        }
        return g.recovered();
    }

    /** A checksum of the group's applied state; equal on replicas that applied the same entries. */
    public long stateDigest(long groupId) {
        GroupReplica g = groups.get(groupId);
        if (g == null) {
            throw new IllegalArgumentException("node " + config.id() + " does not host group " + groupId);
        }
        return await(g.stateDigest(), "state digest");
    }

    /** The group's transaction counters on this node, or null while it does not lead the group. */
    public TxnStats txnStats(long groupId) {
        GroupReplica g = groups.get(groupId);
        if (g == null) {
            throw new IllegalArgumentException("node " + config.id() + " does not host group " + groupId);
        }
        return await(g.txnStats(), "transaction counters");
    }

    /** How many reads of the group this node confirmed on its leader lease (no heartbeat round). */
    public long leaseReads(long groupId) {
        GroupReplica g = groups.get(groupId);
        if (g == null) {
            throw new IllegalArgumentException("node " + config.id() + " does not host group " + groupId);
        }
        return await(g.leaseReads(), "lease read counter");
    }

    private CompletableFuture<NodeStatusReport> statusAsync() {
        List<CompletableFuture<RaftStatus>> parts = new ArrayList<>();
        Map<Long, CompletableFuture<EngineStats>> caches = new TreeMap<>();
        groups.values().forEach(g -> {
            parts.add(g.status());
            caches.put(g.groupId(), g.engineStats());
        });
        String listen = transport == null ? config.addressOf(config.id())
            : transport.boundAddress().getHostString() + ":" + transport.boundAddress().getPort();
        List<CompletableFuture<?>> all = new ArrayList<>(parts);
        all.addAll(caches.values());
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<Long, String> stopped = new TreeMap<>();
            groups.values().forEach(g -> {
                if (g.stopReason() != null) {
                    stopped.put(g.groupId(), g.stopReason());
                }
            });
            Map<Long, EngineStats> cacheStats = new TreeMap<>();
            caches.forEach((group, f) -> {
                EngineStats st = f.join();
                if (st.blockCacheCapacityBytes() > 0) {
                    cacheStats.put(group, st);  // a memory engine has no cache to report
                }
            });
            List<SnapshotProgress> transfers = new ArrayList<>();
            groups.values().forEach(g -> transfers.addAll(g.snapshotTransfers()));
            return new NodeStatusReport(config.id(), ProcessHandle.current().pid(), listen,
                parts.stream().map(CompletableFuture::join).toList(), stopped, cacheStats, transfers);
        });
    }


    /** Status, transaction and log counters for one scrape of the metrics. */
    private CompletableFuture<NodeReading> readingAsync() {
        Map<Long, CompletableFuture<TxnStats>> txns = new TreeMap<>();
        groups.values().forEach(g -> txns.put(g.groupId(), g.txnStats()));
        CompletableFuture<NodeStatusReport> status = statusAsync();
        List<CompletableFuture<?>> all = new ArrayList<>(txns.values());
        all.add(status);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<Long, TxnStats> leading = new TreeMap<>();
            txns.forEach((group, f) -> {
                TxnStats st = f.join();
                if (st != null) {
                    leading.put(group, st);
                }
            });
            SqlFrontEnd sqlNow = sql;
            return new NodeReading(status.join(), leading, recordLog.stats(), sqlNow == null ? -1 : sqlNow.connections());
        });
    }

    /** What keeps this node from serving, one line each: the groups that stopped accepting writes. */
    private List<String> problems() {
        List<String> out = new ArrayList<>();
        groups.values().forEach(g -> {
            if (g.stopReason() != null) {
                out.add("group " + g.groupId() + ": " + g.stopReason());
            }
        });
        return out;
    }

    private <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(STATUS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking node " + config.id() + " for its " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("node " + config.id() + " could not report its " + what + ": " + e, e);
        }
    }

    private void backup(GroupReplica g, NodeProto.ClientRequest request, Responder responder) {
        Path dir;
        try {
            dir = backups.next();
        } catch (IOException e) {
            responder.reply(Responses.error(Code.UNAVAILABLE, "node " + config.id()
                + " cannot create its backup staging directory: " + e));
            return;
        }
        g.backup(request, dir, responder, point -> NodeProto.ClientResponse.newBuilder().setBackup(
            NodeProto.BackupReply.newBuilder().setNode(config.id().value()).setClusterId(config.clusterId())
                .setCheckpointDir(dir.toString()).setAppliedIndex(point.appliedIndex()).setTerm(point.term())
                .setMembership(RaftCodec.encode(point.membership())).setEngine(point.engine())));
    }

    /** The transport as a group sees it. */
    private final class NodeOutbox implements io.basalt.server.replica.Outbox {
        @Override
        public void send(Message m) {
            transport.send(RaftCodec.encode(m), m.to());
        }

        @Override
        public boolean send(TransferMessage m) {
            return transport.send(TransferCodec.encode(m), m.to());
        }

        @Override
        public boolean writable(NodeId peer) {
            return transport.writable(peer);
        }
    }

    /** Routes what the node port received to the group it names. */
    private final class Sink implements InboundSink {
        @Override
        public void onRaft(NodeId peer, NodeProto.RaftMessage message) {
            GroupReplica g = groups.get(message.getGroupId());
            if (g == null) {
                log.debug("node {}: dropping a message from {} for unknown group {}", config.id(), peer,
                    message.getGroupId());
                return;
            }
            try {
                Message decoded = RaftCodec.decode(message);
                if (!decoded.from().equals(peer) || !decoded.to().equals(config.id())) {
                    throw new WireException("message from " + decoded.from() + " to " + decoded.to()
                        + " on the connection of " + peer);
                }
                g.deliver(decoded);
            } catch (WireException e) {
                log.warn("node {}: dropping an invalid message from {}: {}", config.id(), peer, e.getMessage());
            }
        }

        @Override
        public void onTransfer(NodeId peer, NodeProto.SnapshotTransfer message) {
            GroupReplica g = groups.get(message.getGroupId());
            if (g == null) {
                return;
            }
            try {
                TransferMessage decoded = TransferCodec.decode(message);
                if (!decoded.from().equals(peer) || !decoded.to().equals(config.id())) {
                    throw new WireException("snapshot message from " + decoded.from() + " to " + decoded.to()
                        + " on the connection of " + peer);
                }
                g.deliver(decoded);
            } catch (WireException e) {
                log.warn("node {}: dropping an invalid snapshot message from {}: {}", config.id(), peer, e.getMessage());
            }
        }

        @Override
        public void onRequest(NodeProto.ClientRequest request, Responder responder) {
            if (request.hasBackupRelease()) {
                try {
                    backups.release(request.getBackupRelease().getCheckpoint());
                    responder.reply(Responses.ack());
                } catch (IllegalArgumentException | StorageException e) {
                    responder.reply(Responses.error(Code.INVALID, "node " + config.id() + ": " + e.getMessage()));
                }
                return;
            }
            if (request.hasStatus()) {
                statusAsync().whenComplete((report, error) -> responder.reply(error == null
                    ? NodeProto.ClientResponse.newBuilder().setStatus(StatusCodec.encode(report))
                    : Responses.error(Code.UNAVAILABLE, "node " + config.id() + " could not report status: " + error)));
                return;
            }
            long groupId = request.getGroupId() == 0 ? DEFAULT_GROUP_ID : request.getGroupId();
            GroupReplica g = groups.get(groupId);
            if (g == null && groupId == DEFAULT_GROUP_ID) {
                responder.reply(Responses.error(Code.UNAVAILABLE, "node " + config.id() + " is still starting"));
            } else if (g == null) {
                responder.reply(Responses.error(Code.INVALID, "node " + config.id() + " does not host group " + groupId));
            } else if (request.hasBackup()) {
                backup(g, request, responder);
            } else {
                g.request(request, responder);
            }
        }
    }
}
