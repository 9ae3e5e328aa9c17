package io.basalt.server;

import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.NettyBasaltClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** Real nodes in this JVM on loopback ports, each with its own data directory. */
final class TestCluster implements AutoCloseable {
    /** Test node ports are drawn from [PORT_LOW, PORT_HIGH), below the ephemeral ports. */
    private static final int PORT_LOW = 20_000;
    private static final int PORT_HIGH = 32_000;
    static final String CLUSTER_ID = "test-cluster";
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CONVERGE = Duration.ofSeconds(30);

    private final Path root;
    private final Map<NodeId, InetSocketAddress> peers = new TreeMap<>();
    private final Map<NodeId, BasaltNode> running = new TreeMap<>();
    private final UnaryOperator<NodeConfig> customize;
    /** Set when every node's log is wrapped so that a test can make it fail. */
    private final Map<NodeId, FailingLog> failingLogs;

    private TestCluster(Path root, int size, UnaryOperator<NodeConfig> customize, boolean failable)
        throws IOException {
        this.root = root;
        this.customize = customize;
        this.failingLogs = failable ? new java.util.concurrent.ConcurrentHashMap<>() : null;
        for (int i = 1; i <= size; i++) {
            InetSocketAddress a = freeAddress();
            // The kernel may hand the same ephemeral port out twice in a row once it is closed.
            while (peers.containsValue(a)) {
                a = freeAddress();
            }
            peers.put(NodeId.of("n" + i), a);
        }
    }

    /** Starts {@code size} nodes n1..n{size}. */
    static TestCluster start(Path root, int size, UnaryOperator<NodeConfig> customize) throws IOException {
        TestCluster c = new TestCluster(root, size, customize, false);
        c.peers.keySet().forEach(c::start);
        return c;
    }

    /** Starts {@code size} nodes whose logs fail on demand ({@link #failingLog}). */
    static TestCluster startFailable(Path root, int size) throws IOException {
        return startFailable(root, size, UnaryOperator.identity());
    }

    static TestCluster startFailable(Path root, int size, UnaryOperator<NodeConfig> customize) throws IOException {
        TestCluster c = new TestCluster(root, size, customize, true);
        c.peers.keySet().forEach(c::start);
        return c;
    }

    FailingLog failingLog(NodeId id) {
        return failingLogs.get(id);
    }

    static TestCluster start(Path root, int size) throws IOException {
        return start(root, size, UnaryOperator.identity());
    }

    List<NodeId> ids() {
        return List.copyOf(peers.keySet());
    }

    NodeConfig config(NodeId id) {
        return customize.apply(NodeConfig.of(id, peers, root.resolve(id.value()), CLUSTER_ID));
    }

    BasaltNode start(NodeId id) {
        BasaltNode node = failingLogs == null ? new BasaltNode(config(id)) : new BasaltNode(config(id), walDir -> {
            FailingLog log = new FailingLog(io.basalt.server.replica.WalRecordLog.open(walDir));
            failingLogs.put(id, log);
            return log;
        });
        running.put(id, node.start());
        return node;
    }

    void stop(NodeId id) {
        BasaltNode node = running.remove(id);
        if (node != null) {
            node.stop();
        }
    }

    BasaltNode node(NodeId id) {
        return Objects.requireNonNull(running.get(id), () -> id + " is not running");
    }

    RaftStatus status(NodeId id) {
        return node(id).status().groups().getFirst();
    }

    /** Waits until the running nodes agree on one running leader, and returns it. */
    NodeId awaitLeader() {
        return awaitLeaderIgnoring(java.util.Set.of());
    }

    /** Like {@link #awaitLeader()}, leaving out running nodes that serve nothing (a failed log). */
    NodeId awaitLeaderIgnoring(java.util.Set<NodeId> ignored) {
        return await().atMost(CONVERGE).until(() -> agreedLeader(ignored), Objects::nonNull);
    }

    private NodeId agreedLeader(java.util.Set<NodeId> ignored) {
        NodeId leader = null;
        List<NodeId> voters = running.keySet().stream().filter(id -> !ignored.contains(id)).toList();
        for (NodeId id : voters) {
            RaftStatus s = status(id);
            if (s.role() == RaftRole.LEADER) {
                leader = id;
            }
        }
        if (leader == null) {
            return null;
        }
        for (NodeId id : voters) {
            if (!leader.equals(status(id).leader())) {
                return null;
            }
        }
        return leader;
    }

    /** Waits until every running node applied the same state (equal digests and applied index). */
    void awaitConverged() {
        await().atMost(CONVERGE).until(() -> {
            long digest = 0;
            long applied = -1;
            for (NodeId id : running.keySet()) {
                RaftStatus s = status(id);
                long d = node(id).stateDigest(BasaltNode.DEFAULT_GROUP_ID);
                if (applied == -1) {
                    digest = d;
                    applied = s.appliedIndex();
                } else if (d != digest || s.appliedIndex() != applied || s.commitIndex() != applied) {
                    return false;
                }
            }
            return true;
        });
    }

    NodeId anyFollower(NodeId leader) {
        return running.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    }

    /** A client that knows every node. */
    NettyBasaltClient client() {
        return NettyBasaltClient.connect(CLUSTER_ID, peers, CLIENT_TIMEOUT);
    }

    /** A client that knows only {@code node}'s address (redirects teach it the rest). */
    NettyBasaltClient clientOf(NodeId node) {
        return clientOf(node, CLIENT_TIMEOUT);
    }

    NettyBasaltClient clientOf(NodeId node, Duration timeout) {
        InetSocketAddress a = peers.get(node);
        return NettyBasaltClient.connect(CLUSTER_ID, List.of(a.getHostString() + ":" + a.getPort()), timeout);
    }

    Map<NodeId, InetSocketAddress> peers() {
        return new LinkedHashMap<>(peers);
    }

    @Override
    public void close() {
        List.copyOf(running.keySet()).forEach(this::stop);
    }

    /**
     * A port free now, below Linux's ephemeral range (32768 and up): a port the kernel handed
     * out with port 0 may be given again to an outgoing connection before the node binds it (or
     * while a stopped node is down), which failed a cluster's start with "address in use".
     */
    private static InetSocketAddress freeAddress() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(PORT_LOW, PORT_HIGH);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return new InetSocketAddress("127.0.0.1", s.getLocalPort());
            } catch (java.net.BindException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
    }
}
