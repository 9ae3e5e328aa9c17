package io.basalt.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real node processes: SIGKILL of the leader, failover, restart and catch-up. */
class ClusterProcessTest {
    @TempDir
    Path dir;

    @Test
    void killingTheLeaderLosesNoAcknowledgedWriteAndTheRestartedNodeCatchesUp() throws Exception {
        try (NodeProcesses cluster = new NodeProcesses(dir, 3); BasaltClient client = startAndConnect(cluster)) {
            String leader = cluster.awaitLeader(client, Duration.ofSeconds(90)); // three JVMs start slowly on a busy machine
            Map<String, String> acknowledged = new LinkedHashMap<>();
            for (int i = 0; i < 300; i++) {
                put(client, acknowledged, "key" + i, "value" + i);
            }

            cluster.kill(leader);
            long killedAt = System.nanoTime();
            put(client, acknowledged, "after-kill", "first");
            double failoverSeconds = (System.nanoTime() - killedAt) / 1e9;
            for (int i = 300; i < 600; i++) {
                put(client, acknowledged, "key" + i, "value" + i);
            }
            String newLeader = cluster.awaitLeader(client, Duration.ofSeconds(10));
            assertThat(newLeader).isNotEqualTo(leader);
            assertThat(failoverSeconds).as("seconds from SIGKILL of the leader to the next acknowledged write")
                .isLessThan(10);

            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                assertThat(new String(client.get(e.getKey().getBytes(UTF_8)).value(), UTF_8))
                    .as("acknowledged key %s", e.getKey()).isEqualTo(e.getValue());
            }

            long commit = cluster.groupStatus(client, newLeader).commitIndex();
            cluster.start(leader);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
                RaftStatus s = cluster.groupStatus(client, leader);
                assertThat(s.role()).isEqualTo(RaftRole.FOLLOWER);
                assertThat(s.appliedIndex()).isGreaterThanOrEqualTo(commit);
            });
        }
    }

    static BasaltClient startAndConnect(NodeProcesses cluster) throws Exception {
        cluster.startAll();
        return cluster.client();
    }

    /** Retries until acknowledged: a put of the same value is idempotent, so a retry after an unknown outcome is safe. */
    static void put(BasaltClient client, Map<String, String> acknowledged, String key, String value) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).ignoreException(ClientException.class)
            .until(() -> client.put(key.getBytes(UTF_8), value.getBytes(UTF_8)).ok());
        acknowledged.put(key, value);
    }
}
