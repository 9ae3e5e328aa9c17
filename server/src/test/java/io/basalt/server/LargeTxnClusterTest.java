package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.NodeId;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.Row;
import io.basalt.server.client.Transaction;
import io.basalt.txn.Isolation;
import io.basalt.txn.engine.TxnConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction far larger than one request, one log record and one peer message: its held
 * writes go to the leader in bounded requests, its commit goes into the log as stage entries
 * and a commit entry, and every replica applies all of it at once.
 */
class LargeTxnClusterTest {
    private static final int ROWS = 24_000;
    private static final int VALUE_BYTES = 1_000;

    @TempDir
    Path dir;

    @Test
    void aTwentyFourMegabyteTransactionCommitsWholeOnEveryReplica() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3)) {
            NodeId leader = c.awaitLeader();
            long lastBefore = c.status(leader).lastIndex();
            try (BasaltClient client = c.clientOf(c.anyFollower(leader))) {
                try (Transaction t = client.beginDeferred(false, Isolation.SERIALIZABLE)) {
                    for (int i = 0; i < ROWS; i++) {
                        t.put(key(i), value(i));
                    }
                    assertThat(client.get(key(0)).found()).as("invisible before the commit").isFalse();
                    assertThat(t.commit()).isNotNull();
                }
                List<Row> rows;
                try (Transaction t = client.begin(true, Isolation.SERIALIZABLE)) {
                    rows = t.scan(key(0), key(ROWS), 0);
                    t.commit();
                }
                assertThat(rows).hasSize(ROWS);
                assertThat(rows.get(ROWS - 1).value()).isEqualTo(value(ROWS - 1));
            }
            long entries = c.status(leader).lastIndex() - lastBefore;
            // Stage entries of about commitEntryBytes each (key, value and 8 bytes per write), then the commit.
            long expected = (long) ROWS * (key(0).length + VALUE_BYTES + 8) / TxnConfig.COMMIT_ENTRY_BYTES_DEFAULT;
            assertThat(entries).as("about %d bytes an entry", TxnConfig.COMMIT_ENTRY_BYTES_DEFAULT)
                .isBetween(expected * 3 / 4, expected * 3 / 2);
            c.awaitConverged();
        }
    }

    private static byte[] key(int i) {
        return "big/%06d".formatted(i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int i) {
        byte[] v = new byte[VALUE_BYTES];
        Arrays.fill(v, (byte) ('a' + i % 26));
        return v;
    }
}
