package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import io.basalt.server.backup.BackupException;
import io.basalt.server.backup.BackupWriter;
import io.basalt.server.backup.ByteProgress;
import io.basalt.server.backup.Restore;
import io.basalt.server.client.BackupCheckpoint;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.NettyBasaltClient;
import io.basalt.server.proto.NodeProto.BackupManifest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups across engines, in one process: an {@code --in-memory} node is backed up from its
 * memory engine's checkpoint image and restored into a RocksDB node and into another memory
 * node; both serve the data and take writes. A second restore of the same backup into the same
 * data directory is refused.
 */
class BackupRestoreTest {
    @TempDir
    Path dir;

    @Test
    void anInMemoryNodesBackupRestoresIntoRocksDbAndIntoMemory() throws Exception {
        Path backup = dir.resolve("backup");
        BackupManifest manifest;
        try (TestCluster c = TestCluster.start(dir.resolve("source"), 1,
                config -> config.withStorage(StateStorage.IN_MEMORY));
             BasaltClient client = c.client()) {
            c.awaitLeader();
            ClusterTest.putAll(client, 0, 50);
            BackupCheckpoint cp = client.backup(null);
            assertThat(cp.reply().getEngine()).isEqualTo("memory");
            manifest = BackupWriter.write(cp.dir(), cp.reply(), 1, backup, ByteProgress.NONE);
            client.releaseBackup(cp);
            assertThat(cp.dir()).as("the node deleted its checkpoint").doesNotExist();
            ClusterTest.putAll(client, 50, 60); // after the backup: not in it
        }
        assertThat(manifest.getAppliedIndex()).isGreaterThanOrEqualTo(50);

        for (StateStorage storage : new StateStorage[] {StateStorage.DEFAULT, StateStorage.IN_MEMORY}) {
            NodeConfig config = single(dir.resolve("restored-" + storage.inMemory()), storage);
            Restore.Report r = Restore.run(config, backup, ByteProgress.NONE);
            assertThat(r.manifest().getAppliedIndex()).isEqualTo(manifest.getAppliedIndex());
            assertThat(Files.exists(config.dataDir().resolve("state/group-1")))
                .as("a memory backup is installed from the log's snapshot, not from engine files").isFalse();
            try (BasaltNode node = new BasaltNode(config).start();
                 BasaltClient client = NettyBasaltClient.connect(TestCluster.CLUSTER_ID,
                     Map.of(node.id(), node.listenAddress()), TestCluster.CLIENT_TIMEOUT)) {
                ClusterTest.assertAllReadable(client, 0, 50);
                assertThat(client.get(ClusterTest.b("key-55")).found()).as("written after the backup").isFalse();
                ClusterTest.putAll(client, 100, 110);
                ClusterTest.assertAllReadable(client, 100, 110);
                assertThat(node.status().groups().getFirst().appliedIndex()).isGreaterThan(manifest.getAppliedIndex());
            }
            assertThatThrownBy(() -> Restore.run(config, backup, ByteProgress.NONE))
                .isInstanceOf(BackupException.class).hasMessageContaining("is not empty");
        }
    }

    @Test
    void aFollowersBackupOfAnotherClusterIsRefusedAndLeavesTheDataDirectoryEmpty() throws Exception {
        Path backup = dir.resolve("backup");
        try (TestCluster c = TestCluster.start(dir.resolve("source"), 3); BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            ClusterTest.putAll(client, 0, 5);
            c.awaitConverged();
            NodeId follower = c.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            BackupCheckpoint cp = client.backup(follower);
            assertThat(cp.node()).as("--node: the named replica's checkpoint, follower or not").isEqualTo(follower);
            assertThat(cp.reply().getEngine()).isEqualTo("rocksdb");
            BackupWriter.write(cp.dir(), cp.reply(), 1, backup, ByteProgress.NONE);
            client.releaseBackup(cp);
        }
        NodeConfig base = single(dir.resolve("other"), StateStorage.DEFAULT);
        NodeConfig other = NodeConfig.of(base.id(), base.peers(), base.dataDir(), "another-cluster");
        assertThatThrownBy(() -> Restore.run(other, backup, ByteProgress.NONE))
            .hasMessageContaining("is of cluster '" + TestCluster.CLUSTER_ID + "'; this node starts with --cluster-id"
                + " 'another-cluster'");
        assertThat(!Files.exists(base.dataDir()) || Files.list(base.dataDir()).findAny().isEmpty()).isTrue();
    }

    private static NodeConfig single(Path dataDir, StateStorage storage) throws IOException {
        InetSocketAddress address;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            address = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        NodeId id = NodeId.of("n1");
        return NodeConfig.of(id, Map.of(id, address), dataDir, TestCluster.CLUSTER_ID).withStorage(storage);
    }
}
