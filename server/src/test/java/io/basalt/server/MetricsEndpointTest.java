package io.basalt.server;

import static io.basalt.server.ClusterTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.Transaction;
import io.basalt.server.http.ScrapedMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP admin port of real nodes: /metrics scraped over TCP as Prometheus would, and /health. */
class MetricsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void aScrapeShowsLeadershipReplicationTheLogTheEngineAndTransactions() throws Exception {
        // Snapshots every 10 entries flush the engine, so that reads go through its block cache.
        // Elections time out after 2 to 4 s: the leader found first must stay leader, since its
        // transaction counters start again at 0 on a new leader, and a busy machine can delay
        // heartbeats by more than the default 300 ms.
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withHttp(new InetSocketAddress("127.0.0.1", 0))
                .withSql(new InetSocketAddress("127.0.0.1", 0)).withSnapshotEntries(10).withTiming(10, 200, 5));
             BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            for (int i = 0; i < 20; i++) {
                try (Transaction t = client.begin()) {
                    t.put(b("m-" + i), b("value-" + i));
                    t.commit();
                }
            }
            Map<String, String> g = Map.of("group", "1");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (int i = 0; i < 20; i++) {
                    assertThat(client.get(b("m-" + i)).value()).isEqualTo(b("value-" + i));
                }
                ScrapedMetrics m = scrape(c.node(leader));
                return m.value("basalt_engine_block_cache_hits_total", g)
                    + m.value("basalt_engine_block_cache_misses_total", g) > 0;
            });
            InetSocketAddress sqlAt = c.node(leader).sqlAddress();
            try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + sqlAt.getPort()
                + "/postgres", "metrics", "")) {
                ScrapedMetrics m = await().atMost(Duration.ofSeconds(10))
                    .until(() -> scrape(c.node(leader)), s -> s.value("basalt_sql_connections") >= 1);
                assertThat(m.value("basalt_node_reading_up")).isEqualTo(1);
                assertThat(m.value("basalt_raft_leader", g)).isEqualTo(1);
                assertThat(m.labels("basalt_raft_leader", g)).containsEntry("node", leader.value())
                    .containsEntry("cluster", TestCluster.CLUSTER_ID);
                assertThat(m.value("basalt_raft_term", g)).isPositive();
                assertThat(m.value("basalt_raft_commit_index", g)).isGreaterThanOrEqualTo(20);
                assertThat(m.value("basalt_txn_committed_total", g)).isGreaterThanOrEqualTo(20);
                assertThat(m.value("basalt_wal_fsyncs_total")).isPositive();
                assertThat(m.value("basalt_wal_records_total")).isGreaterThanOrEqualTo(20);
                assertThat(m.value("basalt_wal_fsync_seconds_total")).isPositive();
                double hits = m.value("basalt_engine_block_cache_hits_total", g);
                double misses = m.value("basalt_engine_block_cache_misses_total", g);
                assertThat(m.value("basalt_engine_block_cache_hit_ratio", g))
                    .isCloseTo(hits / (hits + misses), org.assertj.core.data.Offset.offset(0.05));
                assertThat(m.value("basalt_engine_block_cache_capacity_bytes", g))
                    .isEqualTo(StateStorage.BLOCK_CACHE_BYTES_DEFAULT);
                assertThat(m.value("basalt_engine_applied_bytes_total", g)).isPositive();
                assertThat(m.has("jvm_memory_used_bytes")).isTrue();
                assertThat(m.value("jvm_threads_live_threads")).isPositive();
                for (NodeId f : c.ids()) {
                    if (!f.equals(leader)) {
                        assertThat(m.value("basalt_raft_follower_lag_entries", Map.of("peer", f.value())))
                            .as("lag of %s", f).isGreaterThanOrEqualTo(0);
                        assertThat(m.value("basalt_raft_follower_match_index", Map.of("peer", f.value())))
                            .as("match index of %s", f).isPositive();
                    }
                }
            }

            NodeId follower = c.anyFollower(leader);
            ScrapedMetrics onFollower = scrape(c.node(follower));
            assertThat(onFollower.value("basalt_raft_leader", Map.of("group", "1"))).isZero();
            assertThat(onFollower.has("basalt_raft_follower_lag_entries")).isFalse();

            // Counters only grow: ten more commits are ten more records in the leader's log.
            double before = scrape(c.node(leader)).value("basalt_wal_records_total");
            for (int i = 0; i < 10; i++) {
                client.put(b("more-" + i), b("v"));
            }
            assertThat(scrape(c.node(leader)).value("basalt_wal_records_total")).isGreaterThanOrEqualTo(before + 10);
        }
    }

    @Test
    void healthTurnsUnavailableWithTheReasonWhenTheLogFails() throws Exception {
        try (TestCluster c = TestCluster.startFailable(dir, 3,
                cfg -> cfg.withHttp(new InetSocketAddress("127.0.0.1", 0)));
             BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            client.put(b("k1"), b("v1"));
            HttpResponse<String> ok = get(c.node(leader), "/health");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("ok\n");

            c.failingLog(leader).failing.set(true);
            client.put(b("k2"), b("v2"));
            c.awaitLeaderIgnoring(java.util.Set.of(leader));
            HttpResponse<String> down = get(c.node(leader), "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).startsWith("group 1: ").contains("injected fsync failure");
            assertThat(scrape(c.node(leader)).value("basalt_group_stopped", Map.of("group", "1"))).isEqualTo(1);
            assertThat(get(c.node(leader), "/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aTakenHttpPortStopsTheStartWithTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
            Map<NodeId, InetSocketAddress> peers = Map.of(NodeId.of("n1"), freeAddress());
            NodeConfig cfg = NodeConfig.of(NodeId.of("n1"), peers, dir.resolve("n1"), "c").withHttp(at)
                .withStorage(StateStorage.IN_MEMORY);
            assertThatThrownBy(() -> new BasaltNode(cfg).start()).isInstanceOf(NodeStartException.class)
                .hasMessageContaining("cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort());
            // The failed start released everything: the same node starts once the port is free.
            taken.close();
            try (BasaltNode node = new BasaltNode(cfg).start()) {
                assertThat(get(node, "/health").statusCode()).isEqualTo(200);
            }
        }
    }

    static ScrapedMetrics scrape(BasaltNode node) throws IOException, InterruptedException {
        HttpResponse<String> r = get(node, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return ScrapedMetrics.parse(r.body());
    }

    static HttpResponse<String> get(BasaltNode node, String path) throws IOException, InterruptedException {
        InetSocketAddress at = node.httpAddress();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static InetSocketAddress freeAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
    }
}
