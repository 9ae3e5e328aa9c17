package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheFastFailoverSettings() {
        NodeConfig c = NodeConfig.of(N1, Map.of(N1, address(7001), N2, address(7002)), dir, "c");
        assertThat(c.tickMs()).isEqualTo(10);
        assertThat(c.electionTicks()).isEqualTo(30);
        assertThat(c.heartbeatTicks()).isEqualTo(5);
        assertThat(c.listen()).isEqualTo(address(7001));
        assertThat(c.addressOf(N2)).isEqualTo("127.0.0.1:7002");
    }

    @Test
    void aRepeatedIdIsNamed() {
        assertThatThrownBy(() -> NodeConfig.parsePeers(List.of("n1=127.0.0.1:7001", "n2=127.0.0.1:7002",
            "n1=127.0.0.1:7003")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node id n1 appears twice");
    }

    @Test
    void aSharedAddressIsNamedWithBothNodes() {
        assertThatThrownBy(() -> NodeConfig.of(N1, Map.of(N1, address(7001), N2, address(7001)), dir, "c"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("nodes n1 and n2 both have address 127.0.0.1:7001");
    }

    @Test
    void theNodeMustBeAmongItsPeers() {
        assertThatThrownBy(() -> NodeConfig.of(NodeId.of("n3"), Map.of(N1, address(7001), N2, address(7002)), dir, "c"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("node n3 is not in its own peer list [n1, n2]");
    }

    @Test
    void malformedPeersAndTimingsAreExplained() {
        assertThatThrownBy(() -> NodeConfig.parsePeers(List.of("n1@127.0.0.1:7001")))
            .hasMessageContaining("not of the form id=host:port");
        assertThatThrownBy(() -> NodeConfig.parseAddress("localhost:http")).hasMessageContaining("not a number");
        NodeConfig ok = NodeConfig.of(N1, Map.of(N1, address(7001)), dir, "c");
        assertThatThrownBy(() -> ok.withTiming(10, 5, 5)).hasMessageContaining("heartbeat ticks < election ticks");
        assertThatThrownBy(() -> NodeConfig.of(N1, Map.of(N1, address(7001)), dir, " "))
            .hasMessageContaining("cluster id must not be empty");
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress a = address(taken.getLocalPort());
            NodeConfig c = NodeConfig.of(N1, Map.of(N1, a), dir, "c");
            assertThatThrownBy(() -> new BasaltNode(c).start()).isInstanceOf(NodeStartException.class)
                .hasMessageContaining("n1 cannot listen on 127.0.0.1:" + a.getPort());
        }
    }

    @Test
    void aDataDirectoryThatIsAFileIsReported() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        NodeConfig c = NodeConfig.of(N1, Map.of(N1, address(1)), file, "c");
        assertThatThrownBy(() -> new BasaltNode(c).start()).isInstanceOf(NodeStartException.class)
            .hasMessageContaining("data directory " + file + " is a file");
        NodeConfig below = NodeConfig.of(N1, Map.of(N1, address(1)), file.resolve("data"), "c");
        assertThatThrownBy(() -> new BasaltNode(below).start()).isInstanceOf(NodeStartException.class)
            .hasMessageContaining("cannot create data directory");
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }
}
