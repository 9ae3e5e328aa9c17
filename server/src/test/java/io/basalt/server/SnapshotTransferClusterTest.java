package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.SnapshotProgress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower behind the leader's log start catches up by a checkpoint of the leader's RocksDB
 * engine streamed in chunks over real TCP on loopback, with real files on both sides; a transfer
 * cut by a restart of either side resumes from what the follower held.
 */
class SnapshotTransferClusterTest {
    private static final int VALUE_BYTES = 4 << 10;
    /** Slow enough for a test to see a transfer under way and cut it: about 8 s for the state written. */
    private static final SnapshotSettings SLOW = new SnapshotSettings(16 << 10, 8, 256 << 10);

    @TempDir
    Path dir;

    /** Random (incompressible) values, so the engine's files are about as large as what was written. */
    private static void write(BasaltClient client, int from, int to) throws ClientException {
        Prng prng = new Prng(from);
        for (int i = from; i < to; i++) {
            byte[] value = new byte[VALUE_BYTES];
            for (int b = 0; b < value.length; b++) {
                value[b] = (byte) prng.nextInt(256);
            }
            client.put(("key-" + i).getBytes(StandardCharsets.UTF_8), value);
        }
    }

    private static void assertReadable(BasaltClient client, int from, int to) throws ClientException {
        for (int i = from; i < to; i++) {
            assertThat(client.get(("key-" + i).getBytes(StandardCharsets.UTF_8)).value()).as("key-%d", i)
                .hasSize(VALUE_BYTES);
        }
    }

    /** Stops {@code follower}, writes until the leader's log starts past what it holds, starts it again. */
    private static long fallBehind(TestCluster c, NodeId leader, NodeId follower, BasaltClient client, int keys)
        throws ClientException {
        long followerLast = c.status(follower).lastIndex();
        c.stop(follower);
        write(client, 0, keys);
        await().atMost(TestCluster.CONVERGE).until(() -> c.status(leader).firstIndex() > followerLast + 1);
        return c.status(leader).firstIndex() - 1;
    }

    private static Optional<SnapshotProgress> receiving(TestCluster c, NodeId node) {
        return c.node(node).status().snapshotTransfers(BasaltNode.DEFAULT_GROUP_ID).stream()
            .filter(SnapshotProgress::receiving).findFirst();
    }

    @Test
    void aFollowerDownWhileTheLogIsCompactedCatchesUpByACheckpointWithTheLeadersState() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withSnapshotEntries(50)
                .withSnapshots(SnapshotSettings.DEFAULT.withChunkBytes(64 << 10)));
             BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            NodeId behind = c.anyFollower(leader);
            long compactedTo = fallBehind(c, leader, behind, client, 400);

            c.start(behind);
            c.awaitConverged(); // equal digests at an equal applied index on all three
            assertThat(c.status(behind).firstIndex() - 1).as("its log starts at the snapshot it installed")
                .isGreaterThanOrEqualTo(compactedTo);
            assertReadable(client, 0, 400);
            Path staging = dir.resolve(behind.value()).resolve("state/snapshots/in/group-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(staging.resolve("files")));
            try (var left = Files.list(staging)) {
                assertThat(left.map(p -> p.getFileName().toString())).as("nothing staged is left").isEmpty();
            }
            assertThat(c.node(behind).status().snapshotTransfers()).isEmpty();

            write(client, 400, 420); // and it goes on replicating from the log
            c.awaitConverged();
        }
    }

    @Test
    void aTransferCutByTheFollowersRestartResumesFromWhatItHeld() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withSnapshotEntries(50).withSnapshots(SLOW));
             BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            NodeId behind = c.anyFollower(leader);
            fallBehind(c, leader, behind, client, 500);

            c.start(behind);
            AtomicReference<SnapshotProgress> seen = new AtomicReference<>();
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(50)).until(() -> {
                Optional<SnapshotProgress> p = receiving(c, behind);
                p.ifPresent(seen::set);
                return p.isPresent() && p.get().bytesDone() > p.get().bytesTotal() / 3;
            });
            SnapshotProgress cut = seen.get();
            assertThat(cut.peer()).isEqualTo(leader);
            assertThat(c.node(leader).status().snapshotTransfers()).as("the leader reports its side")
                .anyMatch(p -> !p.receiving() && p.peer().equals(behind));
            c.stop(behind);

            c.start(behind);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(50)).until(() -> {
                Optional<SnapshotProgress> p = receiving(c, behind);
                p.ifPresent(seen::set);
                return p.isPresent() && p.get().resumedBytes() > 0;
            });
            assertThat(seen.get().resumedBytes()).as("resumed from what it held, not from the start")
                .isGreaterThanOrEqualTo(cut.bytesDone() - SLOW.chunkBytes());
            c.awaitConverged();
            assertReadable(client, 0, 500);
        }
    }

    @Test
    void aTransferCutByTheLeadersRestartResumesWhenItLeadsAgain() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withSnapshotEntries(50).withSnapshots(SLOW));
             BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            NodeId behind = c.anyFollower(leader);
            NodeId third = c.ids().stream().filter(id -> !id.equals(leader) && !id.equals(behind)).findFirst()
                .orElseThrow();
            fallBehind(c, leader, behind, client, 500);

            c.start(behind);
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(50)).until(() ->
                receiving(c, behind).map(p -> p.bytesDone() > p.bytesTotal() / 3).orElse(false));
            // Only the leader can lead again: the third node is down, and the follower's log is behind.
            c.stop(third);
            c.stop(leader);
            await().atMost(TestCluster.CONVERGE).until(() -> receiving(c, behind).isEmpty());
            c.start(leader);
            AtomicReference<SnapshotProgress> resumed = new AtomicReference<>();
            await().atMost(TestCluster.CONVERGE).pollInterval(Duration.ofMillis(50)).until(() -> {
                Optional<SnapshotProgress> p = receiving(c, behind);
                p.filter(x -> x.resumedBytes() > 0).ifPresent(resumed::set);
                return resumed.get() != null;
            });
            assertThat(resumed.get().peer()).isEqualTo(leader);
            c.start(third);
            c.awaitConverged();
            assertReadable(client, 0, 500);
            List<Path> checkpoints;
            try (var s = Files.list(dir.resolve(leader.value()).resolve("state/snapshots/out/group-1"))) {
                checkpoints = s.filter(Files::isDirectory).toList();
            }
            assertThat(checkpoints).as("old checkpoints are cleaned up; the newest stays for resuming").hasSize(1);
        }
    }

    @Test
    void inMemoryNodesStreamTheImageOfTheirSnapshotInChunks() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withSnapshotEntries(50)
                .withStorage(StateStorage.IN_MEMORY).withSnapshots(new SnapshotSettings(16 << 10, 4, 0)));
             BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            NodeId behind = c.anyFollower(leader);
            long compactedTo = fallBehind(c, leader, behind, client, 100);
            c.start(behind);
            c.awaitConverged();
            assertThat(c.status(behind).firstIndex() - 1).isGreaterThanOrEqualTo(compactedTo);
            assertReadable(client, 0, 100);
            assertThat(dir.resolve(behind.value()).resolve("state")).as("nothing in RocksDB").doesNotExist();
        }
    }
}
