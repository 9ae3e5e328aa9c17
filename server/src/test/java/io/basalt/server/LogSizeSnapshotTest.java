package io.basalt.server;

import static io.basalt.server.ClusterTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.server.client.BasaltClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot is taken once the log since the last one holds {@code snapshotLogBytes}, however few its entries. */
class LogSizeSnapshotTest {
    private static final int VALUE_BYTES = 4 << 10;
    private static final int WRITES = 60;

    @TempDir
    Path dir;

    @Test
    void aLogOfFewLargeEntriesIsCompactedByItsSize() throws Exception {
        // 60 writes of 4 KiB: about 240 KiB of log, far below the entry threshold.
        try (TestCluster c = TestCluster.start(dir.resolve("by-size"), 3,
                cfg -> cfg.withSnapshotEntries(1_000_000).withSnapshotLogBytes(64 << 10));
             BasaltClient client = c.client()) {
            c.awaitLeader();
            write(client);
            for (NodeId id : c.ids()) {
                await().atMost(TestCluster.CONVERGE).untilAsserted(() ->
                    assertThat(c.status(id).firstIndex()).as("first index in %s's log", id).isGreaterThan(WRITES / 2));
            }
            assertThat(client.get(b("big-0")).value()).hasSize(VALUE_BYTES);
        }
    }

    @Test
    void belowBothLimitsTheLogIsKept() throws Exception {
        try (TestCluster c = TestCluster.start(dir.resolve("kept"), 3,
                cfg -> cfg.withSnapshotEntries(1_000_000).withSnapshotLogBytes(64L << 20));
             BasaltClient client = c.client()) {
            c.awaitLeader();
            write(client);
            c.awaitConverged();
            for (NodeId id : c.ids()) {
                assertThat(c.status(id).firstIndex()).as("first index in %s's log", id).isEqualTo(1);
            }
        }
    }

    private static void write(BasaltClient client) throws Exception {
        byte[] value = new byte[VALUE_BYTES];
        for (int i = 0; i < WRITES; i++) {
            Arrays.fill(value, (byte) i);
            client.put(b("big-" + i), value);
        }
    }
}
