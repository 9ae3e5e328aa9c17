package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import io.basalt.server.client.BasaltClient;
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
