package io.basalt.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import io.basalt.server.BasaltNode;
import io.basalt.server.NodeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the client says when it cannot know, or cannot even try. */
class ClientTest {
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final Duration SHORT = Duration.ofMillis(1_500);

    @TempDir
    Path dir;

    @Test
    void aWriteNoNodeReceivedIsKnownNotApplied() throws IOException {
        try (NettyBasaltClient client = NettyBasaltClient.connect("c", List.of("127.0.0.1:" + freePort()), SHORT)) {
            assertThatThrownBy(() -> client.put(b("k"), b("v")))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
                .hasMessageContaining("cannot connect");
        }
    }

    @Test
    void aWriteNoLeaderCouldTakeIsKnownNotApplied() throws Exception {
        // Two voters, one of them never started: the node that is up can neither commit nor lead.
        Map<NodeId, InetSocketAddress> peers = Map.of(N1, address(freePort()), N2, address(freePort()));
        try (BasaltNode n1 = new BasaltNode(NodeConfig.of(N1, peers, dir.resolve("n1"), "c")).start();
             NettyBasaltClient client = NettyBasaltClient.connect("c", Map.of(N1, n1.listenAddress()), SHORT)) {
            ClientException e = org.junit.jupiter.api.Assertions.assertThrows(ClientException.class,
                () -> client.put(b("k"), b("v")));
            // No leader means no node took the write: nothing can have been applied.
            assertThat(e.outcomeUnknown()).as(e.getMessage()).isFalse();
            assertThat(e.getMessage()).contains("no definite answer within 1500 ms");
            assertThat(client.status(N1).groups().getFirst().commitIndex()).isZero();
        }
    }

    @Test
    void aNodeOfAnotherClusterRefusesTheClientWithAClearMessage() throws Exception {
        Map<NodeId, InetSocketAddress> peers = Map.of(N1, address(freePort()));
        try (BasaltNode n1 = new BasaltNode(NodeConfig.of(N1, peers, dir.resolve("n1"), "right")).start();
             NettyBasaltClient client = NettyBasaltClient.connect("wrong", Map.of(N1, n1.listenAddress()), SHORT)) {
            assertThatThrownBy(() -> client.status(N1)).isInstanceOf(ClientException.class)
                .hasMessageContaining("did not accept the handshake (is it a node of cluster 'wrong'");
        }
    }

    @Test
    void anUnknownNodeIsNamedWithTheOnesTheClientKnows() throws Exception {
        try (NettyBasaltClient client = NettyBasaltClient.connect("c", Map.of(N1, address(freePort())), SHORT)) {
            assertThatThrownBy(() -> client.status(NodeId.of("n7"))).isInstanceOf(ClientException.class)
                .hasMessageContaining("n7 is not among the nodes this client knows");
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
