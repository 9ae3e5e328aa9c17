package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.kv.KvResult;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real nodes on loopback, with fsync on, driven through the client. */
class ClusterTest {
    @TempDir
    Path dir;

    @Test
    void aFollowerServesPutGetCasAndDeleteThroughTheLeader() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3)) {
            NodeId leader = c.awaitLeader();
            try (BasaltClient client = c.clientOf(c.anyFollower(leader))) {
                assertThat(client.put(b("k"), b("v1")).found()).isFalse();
                assertThat(client.get(b("k")).value()).isEqualTo(b("v1"));

                KvResult refused = client.compareAndSet(b("k"), b("other"), b("v2"));
                assertThat(refused.ok()).isFalse();
                assertThat(refused.value()).isEqualTo(b("v1"));
                assertThat(client.compareAndSet(b("k"), b("v1"), b("v2")).ok()).isTrue();
                assertThat(client.compareAndSet(b("new"), null, b("x")).ok()).isTrue();
                assertThat(client.compareAndSet(b("new"), null, b("y")).ok()).isFalse();

                assertThat(client.delete(b("k")).value()).isEqualTo(b("v2"));
                assertThat(client.get(b("k")).found()).isFalse();
                assertThat(client.get(b("new")).value()).isEqualTo(b("x"));
            }
            c.awaitConverged();
        }
    }

    @Test
    void concurrentClientsAreAllAnsweredAndTheReplicasAgree() throws Exception {
        int clients = 6;
        int writesEach = 40;
        try (TestCluster c = TestCluster.start(dir, 3);
             java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients)) {
            c.awaitLeader();
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < clients; t++) {
                int client = t;
                done.add(pool.submit(() -> {
                    try (BasaltClient own = c.client()) {
                        for (int i = 0; i < writesEach; i++) {
                            own.put(b("c" + client + "-" + i), b("v" + i));
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            c.awaitConverged();
            try (BasaltClient reader = c.client()) {
                for (int t = 0; t < clients; t++) {
                    assertThat(reader.get(b("c" + t + "-" + (writesEach - 1))).value()).isEqualTo(b("v" + (writesEach - 1)));
                }
            }
        }
    }

    @Test
    void aLeaderKeepsItsTermWhileNothingFails() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3)) {
            NodeId leader = c.awaitLeader();
            long term = c.status(leader).term();
            // Heartbeats must reach the followers and their answers the leader (check-quorum).
            await().during(java.time.Duration.ofSeconds(2)).atMost(java.time.Duration.ofSeconds(5))
                .until(() -> c.status(leader).role() == io.basalt.raft.RaftRole.LEADER && c.status(leader).term() == term);
        }
    }

    @Test
    void writesResumeOnANewLeaderAndTheRestartedNodeCatchesUp() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient client = c.client()) {
            NodeId first = c.awaitLeader();
            putAll(client, 0, 20);

            c.stop(first);
            putAll(client, 20, 40);
            NodeId second = c.awaitLeader();
            assertThat(second).isNotEqualTo(first);
            assertAllReadable(client, 0, 40);

            c.start(first);
            c.awaitConverged();
            assertThat(c.node(first).stateDigest(1)).isEqualTo(c.node(second).stateDigest(1));
        }
    }

    @Test
    void aNodeFarBehindCatchesUpFromTheLeadersSnapshot() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withSnapshotEntries(10)); BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            NodeId behind = c.anyFollower(leader);
            c.stop(behind);
            putAll(client, 0, 40);
            await().atMost(TestCluster.CONVERGE).until(() -> c.status(leader).firstIndex() > 20);

            c.start(behind);
            c.awaitConverged();
            assertThat(c.status(behind).firstIndex()).as("it installed a snapshot").isGreaterThan(1);
        }
    }

    @Test
    void dataSurvivesARestartOfEveryNodeIncludingCompactedLogs() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withSnapshotEntries(10))) {
            c.awaitLeader();
            try (BasaltClient client = c.client()) {
                putAll(client, 0, 35);
            }
            c.awaitConverged();
            // Each compaction's flush runs off the group's loop, so it may end a moment after convergence.
            await().atMost(TestCluster.CONVERGE).untilAsserted(() -> {
                for (NodeId id : c.ids()) {
                    assertThat(c.status(id).firstIndex()).as("%s compacted its log", id).isGreaterThan(1);
                }
            });
            long digest = c.node(c.ids().getFirst()).stateDigest(1);

            c.ids().forEach(c::stop);
            c.ids().forEach(c::start);
            c.awaitLeader();
            try (BasaltClient client = c.client()) {
                assertAllReadable(client, 0, 35);
                client.put(b("after"), b("restart"));
            }
            c.awaitConverged();
            assertThat(c.node(c.ids().getFirst()).stateDigest(1)).isNotEqualTo(digest);
        }
    }

    @Test
    void transferLeaderHandsLeadershipToTheNamedNode() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            NodeId target = c.anyFollower(leader);
            client.put(b("before"), b("1"));

            client.transferLeader(target);
            await().atMost(TestCluster.CONVERGE).until(() -> target.equals(c.awaitLeader()));
            client.put(b("after"), b("2"));
            assertThat(client.get(b("before")).value()).isEqualTo(b("1"));
        }
    }

    @Test
    void aFailedFsyncStopsTheLeadersWritesAndTheOthersTakeOver() throws Exception {
        try (TestCluster c = TestCluster.startFailable(dir, 3); BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            client.put(b("k1"), b("v1"));

            c.failingLog(leader).failing.set(true);
            client.put(b("k2"), b("v2"));
            NodeId next = c.awaitLeaderIgnoring(java.util.Set.of(leader));
            assertThat(next).isNotEqualTo(leader);
            assertThat(c.status(leader).role()).isEqualTo(io.basalt.raft.RaftRole.FOLLOWER);
            assertThat(client.get(b("k1")).value()).isEqualTo(b("v1"));
            assertThat(client.get(b("k2")).value()).isEqualTo(b("v2"));

            try (BasaltClient onlyFailed = c.clientOf(leader, java.time.Duration.ofSeconds(2))) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> onlyFailed.put(b("k3"), b("v3")))
                    .isInstanceOf(ClientException.class).hasMessageContaining("stopped accepting writes");
            }
        }
    }

    @Test
    void aWriteTheLeaderTookButCouldNotCommitHasAnUnknownOutcome() throws Exception {
        // A long election timeout keeps the leader leading (check-quorum is slow) while it waits.
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withTiming(10, 500, 5))) {
            NodeId leader = c.awaitLeader();
            c.ids().stream().filter(id -> !id.equals(leader)).forEach(c::stop);
            try (BasaltClient client = c.clientOf(leader, java.time.Duration.ofMillis(1_500))) {
                ClientException e = org.junit.jupiter.api.Assertions.assertThrows(ClientException.class,
                    () -> client.put(b("k"), b("v")));
                assertThat(e.outcomeUnknown()).as(e.getMessage()).isTrue();
                assertThat(e.getMessage()).contains("may or may not have been applied");
            }
        }
    }

    static void putAll(BasaltClient client, int from, int to) throws ClientException {
        for (int i = from; i < to; i++) {
            client.put(b("key-" + i), b("value-" + i));
        }
    }

    static void assertAllReadable(BasaltClient client, int from, int to) throws ClientException {
        for (int i = from; i < to; i++) {
            assertThat(client.get(b("key-" + i)).value()).as("key-%d", i).isEqualTo(b("value-" + i));
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
