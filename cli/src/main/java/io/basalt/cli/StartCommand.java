package io.basalt.cli;

import io.basalt.common.NodeId;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.ReplicationMode;
import io.basalt.server.BasaltNode;
import io.basalt.server.NodeConfig;
import io.basalt.server.SnapshotSettings;
import io.basalt.server.StateStorage;
import io.basalt.server.backup.BackupException;
import io.basalt.server.backup.Restore;
import io.basalt.txn.engine.TxnConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code basalt start}: one node process, in the foreground until it is stopped. */
@Command(name = "start", description = "Start one node in the foreground (SIGTERM or Ctrl-C stops it).")
public final class StartCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "This node's id, e.g. n1.")
    String id;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", description = "Address of the node port.")
    String listen;

    @Option(names = "--peers", required = true, paramLabel = "ID=HOST:PORT,...",
        description = "Every member of the cluster, this node included.")
    String peers;

    @Option(names = "--data-dir", required = true, description = "Where this node keeps its log.")
    Path dataDir;

    @Option(names = "--cluster-id", defaultValue = "basalt", description = "Cluster name shared by all members (default: ${DEFAULT-VALUE}).")
    String clusterId;

    @Option(names = "--replication", defaultValue = "sync", description = "sync, sync-all or async (default: ${DEFAULT-VALUE}).")
    String replication;

    @Option(names = "--failover", defaultValue = "automatic", description = "automatic or manual (default: ${DEFAULT-VALUE}).")
    String failover;

    @Option(names = "--reads", defaultValue = "lease",
        description = "How the leader confirms a linearizable read: lease (on its leader lease, measured on the"
            + " monotonic clock; with automatic failover) or read-index (a heartbeat round per read) (default:"
            + " ${DEFAULT-VALUE}).")
    String reads;

    @Option(names = "--election-timeout-ms", defaultValue = "300",
        description = "The minimum election timeout: a follower that hears no leader for a random time between this"
            + " and twice this campaigns, and a leader that hears no quorum for it steps down. Every node of a cluster"
            + " should use the same value. Raise it where pauses (garbage collection of a large heap, a busy machine)"
            + " come near it; failover then takes longer (default: ${DEFAULT-VALUE}).")
    int electionTimeoutMs;

    @Option(names = "--lock-timeout-ms", defaultValue = "5000",
        description = "A transaction waiting longer for a lock is aborted with SQLSTATE 55P03 (default: ${DEFAULT-VALUE}).")
    long lockTimeoutMs;

    @Option(names = "--txn-heartbeat-timeout-ms", defaultValue = "10000",
        description = "An open transaction not heard from this long is aborted and its locks released"
            + " (default: ${DEFAULT-VALUE}).")
    long txnHeartbeatTimeoutMs;

    @Option(names = "--txn-write-bytes-max", defaultValue = "1073741824",
        description = "A transaction buffering more writes is aborted with SQLSTATE 54000 (default: ${DEFAULT-VALUE}).")
    long txnWriteBytesMax;

    @Option(names = "--version-retention-ms", defaultValue = "60000",
        description = "Old versions are kept this long for snapshot reads (default: ${DEFAULT-VALUE}).")
    long versionRetentionMs;

    @Option(names = "--sql-listen", paramLabel = "HOST:PORT",
        description = "Serve SQL over the PostgreSQL wire protocol on this address (default: no SQL port).")
    String sqlListen;

    @Option(names = "--http-listen", paramLabel = "HOST:PORT",
        description = "Serve the HTTP admin port on this address: Prometheus metrics at /metrics, a health check at"
            + " /health (default: no HTTP port).")
    String httpListen;

    @Option(names = "--in-memory",
        description = "Keep the applied state in memory instead of RocksDB under DATA-DIR/state: nothing of it"
            + " survives the process, so a restart rebuilds it from the log (its last snapshot and every entry after"
            + " it). The log itself is still written to DATA-DIR/wal.")
    boolean inMemory;

    @Option(names = "--block-cache-mb", defaultValue = "auto",
        description = "RocksDB block cache, in MiB, of the applied state: the data, index and filter blocks kept in"
            + " memory for reads; auto is an eighth of the machine's memory, at least 64 MiB (default: ${DEFAULT-VALUE}).")
    String blockCacheMb;

    @Option(names = "--engine-write-mb-per-s", defaultValue = "0",
        description = "Limit, in MiB per second, on what RocksDB's flushes and compactions of the applied state"
            + " write, so that they leave the disk to the log's fsyncs; 0 for no limit (default: ${DEFAULT-VALUE}).")
    long engineWriteMbPerS;

    @Option(names = "--snapshot-entries", defaultValue = "" + NodeConfig.SNAPSHOT_ENTRIES_DEFAULT,
        description = "Applied entries between two snapshots; at each the state engine is flushed to disk and the"
            + " log compacted up to it (default: ${DEFAULT-VALUE}).")
    int snapshotEntries;

    @Option(names = "--snapshot-log-mb", defaultValue = "" + (NodeConfig.SNAPSHOT_LOG_BYTES_DEFAULT >> 20),
        description = "Also snapshot once this many MiB of entries were written to the log since the last snapshot,"
            + " whichever of the two limits comes first: it bounds what a restart replays and the entries held in"
            + " the heap (default: ${DEFAULT-VALUE}).")
    long snapshotLogMb;

    @Option(names = "--snapshot-chunk-kb", defaultValue = "" + (SnapshotSettings.CHUNK_BYTES_DEFAULT >> 10),
        description = "Size of one chunk, in KiB, when this node as leader streams a snapshot (a checkpoint of its"
            + " state engine) to a follower behind its log's start; each chunk carries a CRC32C and is fsynced by the"
            + " follower before it is acknowledged, at most " + SnapshotSettings.WINDOW_CHUNKS_DEFAULT + " in flight"
            + " (default: ${DEFAULT-VALUE}).")
    int snapshotChunkKb;

    @Option(names = "--snapshot-max-mb-per-s", defaultValue = "0",
        description = "Rate limit, in MiB per second, of each snapshot this node sends, so that a transfer leaves"
            + " room for replication and clients; 0 for none (default: ${DEFAULT-VALUE}).")
    long snapshotMaxMbPerS;

    @Option(names = "--restore", paramLabel = "DIR",
        description = "Start from the backup in DIR (written by basalt admin backup): the data directory must be empty;"
            + " the backup is checked against its manifest first, then its state is installed and the log starts at"
            + " the backup's index.")
    Path restore;

    @Option(names = "--progress", defaultValue = "auto",
        description = "How --restore shows its progress: auto (a bar on a terminal, else lines), bar, lines or none"
            + " (default: ${DEFAULT-VALUE}).")
    String progressMode;

    @Override
    public Integer call() throws InterruptedException {
        Map<NodeId, InetSocketAddress> peerMap = NodeConfig.parsePeers(ClusterOptions.split(peers));
        NodeConfig base = NodeConfig.of(NodeId.of(id), peerMap, dataDir, clusterId);
        NodeConfig config = base
            .withTiming(base.tickMs(), electionTicks(electionTimeoutMs, base.tickMs(), base.heartbeatTicks()),
                base.heartbeatTicks())
            .withListen(NodeConfig.parseAddress(listen))
            .withModes(ReplicationMode.parse(replication), parseFailover(failover))
            .withTxn(TxnConfig.DEFAULTS.withLockTimeoutMs(lockTimeoutMs).withHeartbeatTimeoutMs(txnHeartbeatTimeoutMs)
                .withTxnWriteBytesMax(txnWriteBytesMax).withVersionRetentionMs(versionRetentionMs))
            .withSql(sqlListen == null ? null : NodeConfig.parseAddress(sqlListen))
            .withHttp(httpListen == null ? null : NodeConfig.parseAddress(httpListen))
            .withReadLease(parseReads(reads))
            .withSnapshotEntries(snapshotEntries)
            .withSnapshotLogBytes(snapshotLogBytes(snapshotLogMb))
            .withStorage(new StateStorage(inMemory, blockCacheBytes(blockCacheMb), engineWriteBytesPerSecond(engineWriteMbPerS)))
            .withSnapshots(snapshotSettings(snapshotChunkKb, snapshotMaxMbPerS));
        if (restore != null) {
            CopyProgress progress = CopyProgress.auto("restore", progressMode);
            try {
                Restore.Report r = Restore.run(config, restore, progress);
                progress.finish();
                System.out.printf("restored group %d at index %d (term %d, backed up from node %s at %s) into %s%n",
                    r.manifest().getGroupId(), r.manifest().getAppliedIndex(), r.manifest().getTerm(),
                    r.manifest().getSourceNode(), r.manifest().getCreated(), dataDir.toAbsolutePath());
                r.notes().forEach(n -> System.out.println("note: " + n));
            } catch (BackupException e) {
                progress.finish();
                System.err.println("basalt: restore failed: " + e.getMessage());
                return 1;
            }
        }
        BasaltNode node = new BasaltNode(config);
        node.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.stop();
            stopped.countDown();
        }, "node-shutdown"));
        System.out.printf("basalt node %s listening on %s (pid %d, data %s, state %s)%n",
            id, listen, ProcessHandle.current().pid(), dataDir.toAbsolutePath(),
            inMemory ? "in memory" : "in RocksDB, block cache " + (config.storage().blockCacheBytes() >> 20) + " MiB");
        if (node.sqlAddress() != null) {
            System.out.printf("basalt node %s serving SQL on postgresql://%s:%d/postgres%n", id,
                node.sqlAddress().getHostString(), node.sqlAddress().getPort());
        }
        if (node.httpAddress() != null) {
            System.out.printf("basalt node %s serving metrics on http://%s:%d/metrics%n", id,
                node.httpAddress().getHostString(), node.httpAddress().getPort());
        }
        stopped.await();
        return 0;
    }

    /** The election timeout in ticks; it must leave room for heartbeats and stay below a minute. */
    static int electionTicks(int ms, int tickMs, int heartbeatTicks) {
        int minMs = 2 * heartbeatTicks * tickMs;
        if (ms < minMs || ms > 60_000) {
            throw new IllegalArgumentException("--election-timeout-ms must be between " + minMs + " (two heartbeat"
                + " intervals) and 60000, not " + ms);
        }
        return ms / tickMs;
    }

    static long blockCacheBytes(String value) {
        if ("auto".equals(value)) {
            return StateStorage.blockCacheBytesForMachine();
        }
        long mb;
        try {
            mb = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--block-cache-mb must be auto or a number of MiB, not '" + value + "'");
        }
        long min = StateStorage.BLOCK_CACHE_BYTES_MIN >> 20;
        if (mb < min || mb > (1L << 24)) {
            throw new IllegalArgumentException("--block-cache-mb must be between " + min + " and " + (1L << 24)
                + ", not " + mb);
        }
        return mb << 20;
    }

    /** 1 TiB: in effect no limit by size, for a run that wants a long log (bench/larger-than-ram.sh). */
    static final long SNAPSHOT_LOG_MB_MAX = 1L << 20;

    /** Whole MiB on the command line; a node built in code may go down to NodeConfig.SNAPSHOT_LOG_BYTES_MIN. */
    static long snapshotLogBytes(long mb) {
        if (mb < 1 || mb > SNAPSHOT_LOG_MB_MAX) {
            throw new IllegalArgumentException("--snapshot-log-mb must be between 1 and " + SNAPSHOT_LOG_MB_MAX
                + ", not " + mb);
        }
        return mb << 20;
    }

    static long engineWriteBytesPerSecond(long mbPerS) {
        if (mbPerS < 0 || mbPerS > (1L << 20)) {
            throw new IllegalArgumentException("--engine-write-mb-per-s must be between 0 (no limit) and " + (1L << 20)
                + ", not " + mbPerS);
        }
        return mbPerS << 20;
    }

    static SnapshotSettings snapshotSettings(int chunkKb, long maxMbPerS) {
        if (chunkKb < (SnapshotSettings.CHUNK_BYTES_MIN >> 10) || chunkKb > (SnapshotSettings.CHUNK_BYTES_MAX >> 10)) {
            throw new IllegalArgumentException("--snapshot-chunk-kb must be between " + (SnapshotSettings.CHUNK_BYTES_MIN
                >> 10) + " and " + (SnapshotSettings.CHUNK_BYTES_MAX >> 10) + ", not " + chunkKb);
        }
        if (maxMbPerS < 0 || maxMbPerS > (1L << 20)) {
            throw new IllegalArgumentException("--snapshot-max-mb-per-s must be between 0 (no limit) and " + (1L << 20)
                + ", not " + maxMbPerS);
        }
        return SnapshotSettings.DEFAULT.withChunkBytes(chunkKb << 10).withRate(maxMbPerS << 20);
    }

    static boolean parseReads(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "lease" -> true;
            case "read-index" -> false;
            default -> throw new IllegalArgumentException("--reads must be lease or read-index, not '" + value + "'");
        };
    }

    static FailoverMode parseFailover(String s) {
        try {
            return FailoverMode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown failover mode '" + s + "' (expected automatic or manual)");
        }
    }
}
