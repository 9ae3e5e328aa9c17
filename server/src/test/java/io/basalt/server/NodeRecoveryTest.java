package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftRole;
import io.basalt.server.client.BasaltClient;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.HardState;
import io.basalt.raft.Membership;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.wire.RaftCodec;
import io.basalt.storage.rocksdb.RocksEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import io.basalt.server.replica.GroupReplica;
import io.basalt.server.replica.Recovery;
import io.basalt.server.replica.StateEngines;
import io.basalt.server.replica.WalRecordLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single node restarting from its own log. */
class NodeRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aSingleNodeRecoversItsDataFromTheLog() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 1); BasaltClient client = c.client()) {
            c.awaitLeader();
            ClusterTest.putAll(client, 0, 20);
            NodeId n1 = c.ids().getFirst();
            long digest = c.node(n1).stateDigest(1);
            c.stop(n1);
            c.start(n1);
            c.awaitLeader();
            assertThat(c.node(n1).stateDigest(1)).isEqualTo(digest);
            ClusterTest.assertAllReadable(client, 0, 20);
        }
    }

    @Test
    void aRestartedNodeReplaysOnlyTheEntriesAfterItsEngineAppliedIndex() throws Exception {
        // A snapshot every 7 entries: the engine is flushed and the log compacted along the way.
        try (TestCluster c = TestCluster.start(dir, 3, config -> config.withSnapshotEntries(7));
             BasaltClient client = c.client()) {
            c.awaitLeader();
            ClusterTest.putAll(client, 0, 40);
            c.awaitConverged();
            NodeId follower = c.ids().stream().filter(id -> c.status(id).role() != RaftRole.LEADER)
                .findFirst().orElseThrow();
            long applied = c.status(follower).appliedIndex();
            assertThat(Files.isDirectory(dir.resolve(follower.value()).resolve("state").resolve("group-1")))
                .as("RocksDB is the default state engine").isTrue();
            c.stop(follower); // closing the engine flushes it
            c.start(follower);
            GroupReplica.Recovered r = c.node(follower).recovered(BasaltNode.DEFAULT_GROUP_ID);
            assertThat(r.engineIndex()).as("the engine holds everything applied before the stop")
                .isGreaterThanOrEqualTo(applied);
            assertThat(r.entriesReplayed()).as("nothing the engine holds is applied again").isZero();
            assertThat(r.snapshotInstalled()).isFalse();
            ClusterTest.putAll(client, 40, 60);
            c.awaitConverged();
            ClusterTest.assertAllReadable(client, 0, 60);
        }
    }

    @Test
    void onRocksDbTheLogsSnapshotIsMetadataOnlyAndNeedsTheEngineToStart() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 1, config -> config.withSnapshotEntries(7));
             BasaltClient client = c.client()) {
            c.awaitLeader();
            ClusterTest.putAll(client, 0, 30);
            NodeId n1 = c.ids().getFirst();
            long applied = c.status(n1).appliedIndex();
            // Compaction flushes the engine off the loop, so the last snapshot may follow a moment later.
            await().atMost(TestCluster.CONVERGE).until(() -> c.status(n1).firstIndex() - 1 >= applied - 7);
            c.stop(n1);
            Path data = dir.resolve(n1.value());
            Snapshot snapshot;
            try (WalRecordLog wal = WalRecordLog.open(data.resolve("wal"))) {
                snapshot = Recovery.replay(wal).get(BasaltNode.DEFAULT_GROUP_ID).snapshot();
            }
            assertThat(snapshot.external()).as("the engine holds the state; the record only says where").isTrue();
            assertThat(snapshot.data()).isEmpty();
            assertThat(snapshot.meta().index()).isGreaterThanOrEqualTo(applied - 7).isPositive();

            // Without the engine's files the log alone cannot rebuild the state: the start says so.
            StateEngines.deleteTree(data.resolve("state"));
            assertThatThrownBy(() -> c.start(n1)).isInstanceOf(NodeStartException.class)
                .hasMessageContaining("snapshot at index " + snapshot.meta().index())
                .hasMessageContaining("held by the state engine");
        }
    }

    @Test
    void aReceivedCheckpointWhoseInstallACrashInterruptedIsInstalledAtStart() throws Exception {
        // The window of a kill -9 during a snapshot install: the snapshot's log record is durable,
        // the checkpoint is staged, the engine was not swapped yet.
        NodeId n1;
        try (TestCluster c = TestCluster.start(dir.resolve("source"), 1); BasaltClient client = c.client()) {
            c.awaitLeader();
            ClusterTest.putAll(client, 0, 30);
            n1 = c.ids().getFirst();
            c.stop(n1);
        }
        Path sourceState = dir.resolve("source").resolve(n1.value()).resolve("state").resolve("group-1");
        long index;
        long term;
        long digest;
        try (KvStateMachine kv = new KvStateMachine(RocksEngine.open(sourceState), old -> old)) {
            index = kv.appliedIndex();
            term = kv.term();
            digest = kv.digest();
        }
        InetSocketAddress address;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            address = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        NodeConfig config = NodeConfig.of(n1, Map.of(n1, address), dir.resolve("target"), TestCluster.CLUSTER_ID);
        Path ready = config.dataDir().resolve("state/snapshots/in/group-1/ready-" + index + "-" + term);
        Files.createDirectories(ready.getParent());
        try (Stream<Path> files = Files.list(sourceState)) {
            Files.createDirectories(ready);
            for (Path f : files.toList()) {
                Files.copy(f, ready.resolve(f.getFileName()));
            }
        }
        SnapshotMeta meta = new SnapshotMeta(index, term, new Membership(new TreeSet<>(List.of(n1)), new TreeSet<>()));
        try (WalRecordLog wal = WalRecordLog.open(Files.createDirectories(config.dataDir().resolve("wal")))) {
            wal.append(List.of(
                NodeProto.WalRecord.newBuilder().setGroupId(1).setSnapshot(RaftCodec.encode(Snapshot.external(meta))
                    .toBuilder().setReceived(true)).build().toByteArray(),
                NodeProto.WalRecord.newBuilder().setGroupId(1).setHardState(RaftCodec.encode(
                    new HardState(term, null, index))).build().toByteArray())).join();
        }

        BasaltNode node = new BasaltNode(config).start();
        try {
            GroupReplica.Recovered r = node.recovered(BasaltNode.DEFAULT_GROUP_ID);
            assertThat(r.snapshotInstalled()).as("the staged checkpoint became the engine").isTrue();
            assertThat(node.stateDigest(1)).isEqualTo(digest);
            assertThat(node.status().groups().getFirst().appliedIndex()).isGreaterThanOrEqualTo(index);
            assertThat(ready).doesNotExist();
        } finally {
            node.stop();
        }
    }

    @Test
    void aLogWhoseSnapshotIsInRocksDbRefusesToStartInMemory() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 1, config -> config.withSnapshotEntries(7));
             BasaltClient client = c.client()) {
            c.awaitLeader();
            ClusterTest.putAll(client, 0, 20);
            NodeId n1 = c.ids().getFirst();
            c.stop(n1);
            NodeConfig inMemory = c.config(n1).withStorage(StateStorage.IN_MEMORY);
            assertThatThrownBy(() -> new BasaltNode(inMemory).start()).isInstanceOf(NodeStartException.class)
                .hasMessageContaining("held by a RocksDB state engine").hasMessageContaining("without --in-memory");
        }
    }

    @Test
    void inMemoryNodesRebuildTheirStateFromTheLog() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 1,
            config -> config.withSnapshotEntries(7).withStorage(StateStorage.IN_MEMORY));
             BasaltClient client = c.client()) {
            c.awaitLeader();
            ClusterTest.putAll(client, 0, 20);
            NodeId n1 = c.ids().getFirst();
            long digest = c.node(n1).stateDigest(1);
            c.stop(n1);
            assertThat(dir.resolve(n1.value()).resolve("state")).doesNotExist();
            c.start(n1);
            GroupReplica.Recovered r = c.node(n1).recovered(BasaltNode.DEFAULT_GROUP_ID);
            assertThat(r.engineIndex()).as("a memory engine starts empty").isZero();
            assertThat(r.snapshotInstalled()).as("the log's snapshot, then the entries after it").isTrue();
            c.awaitLeader();
            assertThat(c.node(n1).stateDigest(1)).isEqualTo(digest);
            ClusterTest.assertAllReadable(client, 0, 20);
        }
    }

    @Test
    void aDamagedLogStopsTheStartWithTheFileAndOffset() throws Exception {
        NodeId n1;
        Path segment;
        try (TestCluster c = TestCluster.start(dir, 1); BasaltClient client = c.client()) {
            c.awaitLeader();
            ClusterTest.putAll(client, 0, 20);
            n1 = c.ids().getFirst();
            c.stop(n1);
            segment = onlySegment(dir.resolve(n1.value()).resolve("wal"));
            flipByte(segment, 200);
            assertThatThrownBy(() -> c.start(n1)).isInstanceOf(NodeStartException.class)
                .hasMessageContaining("node n1 cannot open or replay its write-ahead log")
                .hasMessageContaining(segment.getFileName().toString())
                .hasMessageContaining("offset");
        }
    }

    private static Path onlySegment(Path wal) throws IOException {
        try (Stream<Path> files = Files.list(wal)) {
            return files.filter(f -> f.toString().endsWith(".wal")).findFirst().orElseThrow();
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            ch.write(one, offset);
        }
    }
}
