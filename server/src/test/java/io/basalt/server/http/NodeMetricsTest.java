package io.basalt.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.NodeId;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.FollowerProgress;
import io.basalt.raft.Membership;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.raft.ReplicationMode;
import io.basalt.server.client.NodeStatusReport;
import io.basalt.server.replica.LogStats;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");

    @Test
    void aNodeThatDoesNotAnswerIsStillScrapedWithItsLastReadingAndMarkedDown() {
        AtomicReference<CompletableFuture<NodeReading>> next = new AtomicReference<>(
            CompletableFuture.completedFuture(reading(7, 41)));
        try (NodeMetrics m = new NodeMetrics("n1", "c", Set.of(1L), false, false, next::get)) {
            ScrapedMetrics first = ScrapedMetrics.parse(m.scrape());
            assertThat(first.value("basalt_node_reading_up")).isEqualTo(1);
            assertThat(first.value("basalt_raft_term", Map.of("group", "1"))).isEqualTo(7);
            assertThat(first.value("basalt_wal_fsyncs_total")).isEqualTo(41);

            next.set(new CompletableFuture<>());  // the group's loop never answers
            long start = System.nanoTime();
            ScrapedMetrics stale = ScrapedMetrics.parse(m.scrape());
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMs).isLessThan(NodeMetrics.READING_TIMEOUT_MS + 3_000);
            assertThat(stale.value("basalt_node_reading_up")).isZero();
            assertThat(stale.value("basalt_raft_term", Map.of("group", "1"))).isEqualTo(7);
            assertThat(stale.value("jvm_threads_live_threads")).isPositive();

            next.set(CompletableFuture.completedFuture(reading(8, 50)));
            ScrapedMetrics back = ScrapedMetrics.parse(m.scrape());
            assertThat(back.value("basalt_node_reading_up")).isEqualTo(1);
            assertThat(back.value("basalt_raft_term", Map.of("group", "1"))).isEqualTo(8);
            assertThat(back.value("basalt_wal_fsyncs_total")).isEqualTo(50);
            // A memory engine keeps no counters, and a node without SQL has no connection gauge.
            assertThat(back.has("basalt_engine_block_cache_hits_total")).isFalse();
            assertThat(back.has("basalt_sql_connections")).isFalse();
        }
    }

    @Test
    void followerLagIsShownOnlyWhileTheReplicaLeads() {
        AtomicReference<NodeReading> next = new AtomicReference<>(reading(RaftRole.LEADER, 3, 1,
            List.of(new FollowerProgress(N2, false, 90, 91, 10, 640, true))));
        try (NodeMetrics m = new NodeMetrics("n1", "c", Set.of(1L), false, false,
                () -> CompletableFuture.completedFuture(next.get()))) {
            ScrapedMetrics leading = ScrapedMetrics.parse(m.scrape());
            assertThat(leading.value("basalt_raft_follower_lag_entries", Map.of("peer", "n2"))).isEqualTo(10);
            assertThat(leading.value("basalt_raft_follower_lag_bytes", Map.of("peer", "n2"))).isEqualTo(640);
            assertThat(leading.value("basalt_raft_follower_match_index", Map.of("peer", "n2"))).isEqualTo(90);

            next.set(reading(RaftRole.FOLLOWER, 4, 1, List.of()));
            ScrapedMetrics following = ScrapedMetrics.parse(m.scrape());
            assertThat(following.value("basalt_raft_leader", Map.of("group", "1"))).isZero();
            assertThat(following.has("basalt_raft_follower_lag_entries")).as("no stale row of the old term").isFalse();
        }
    }

    private static NodeReading reading(long term, long fsyncs) {
        return reading(RaftRole.LEADER, term, fsyncs, List.of());
    }

    private static NodeReading reading(RaftRole role, long term, long fsyncs, List<FollowerProgress> followers) {
        RaftStatus s = new RaftStatus(1, N1, role, term, N1, N1, 1, 100, term, 100, 100, 100,
            ReplicationMode.SYNC, FailoverMode.AUTOMATIC, Membership.ofVoters(N1, N2), followers, 0, 0);
        return new NodeReading(new NodeStatusReport(N1, 1, "127.0.0.1:1", List.of(s)), Map.of(),
            new LogStats(fsyncs, 1_000_000, fsyncs, fsyncs * 10), -1);
    }
}
