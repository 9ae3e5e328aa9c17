package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftRole;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.replica.GroupReplica;
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
