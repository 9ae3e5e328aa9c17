package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.BasaltClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction on RocksDB must flush the engine before the log may drop entries, and a flush of
 * a memtable can take seconds on a busy disk. Here every engine's writes are held to 1 MiB/s, so
 * each compaction's flush takes several seconds, ten election timeouts and more: the leader
 * must go on leading and acknowledging writes meanwhile, and every log must still be compacted.
 */
class CompactionFlushTest {
    private static final int VALUE_BYTES = 32 << 10;
    private static final int SNAPSHOT_ENTRIES = 100;
    private static final int KEYS = 250;

    @TempDir
    Path dir;

    @Test
    void aSlowEngineFlushNeitherStallsWritesNorCostsTheLeaderItsLeadership() throws Exception {
        StateStorage slowDisk = StateStorage.DEFAULT.withWriteBytesPerSecond(1 << 20);
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withSnapshotEntries(SNAPSHOT_ENTRIES)
                .withStorage(slowDisk));
             BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            long term = c.status(leader).term();
            long slowestNanos = 0;
            Prng prng = new Prng(7);
            for (int i = 0; i < KEYS; i++) {
                byte[] value = new byte[VALUE_BYTES];
                for (int b = 0; b < value.length; b++) {
                    value[b] = (byte) prng.nextInt(256); // incompressible: the flush writes all of it
                }
                long start = System.nanoTime();
                client.put(("key-" + i).getBytes(StandardCharsets.UTF_8), value);
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
            }
            // Every node compacts twice: at entry 100, then where it had applied when that flush ended.
            await().atMost(Duration.ofSeconds(60)).until(() -> c.ids().stream()
                .allMatch(id -> c.status(id).firstIndex() > 2 * SNAPSHOT_ENTRIES));
            for (NodeId id : c.ids()) {
                RaftStatus s = c.status(id);
                assertThat(s.term()).as("%s: no election while engines flushed", id).isEqualTo(term);
                assertThat(s.leader()).as("%s follows the first leader", id).isEqualTo(leader);
            }
            // A flush of about 3 MiB takes about 3 s; a put that waited for one would show it.
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowestNanos)).as("the slowest put, in ms").isLessThan(2_000);
            c.awaitConverged();
        }
    }
}
