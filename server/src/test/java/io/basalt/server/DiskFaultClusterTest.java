package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.basalt.common.NodeId;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose log fails with no other node to take the group over: its SQL clients are told
 * the cause with its SQLSTATE, and a commit that was in flight is reported as in doubt, never
 * as done.
 */
class DiskFaultClusterTest {
    @TempDir
    Path dir;

    @Test
    void withNoOtherNodeToLeadStatementsGetTheFullDisksSqlState() throws Exception {
        InetSocketAddress anyPort = new InetSocketAddress("127.0.0.1", 0);
        try (TestCluster c = TestCluster.startFailable(dir, 1, cfg -> cfg.withSql(anyPort))) {
            NodeId n1 = c.awaitLeader();
            try (Connection sql = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                    + c.node(n1).sqlAddress().getPort() + "/postgres", "app", "");
                 Statement s = sql.createStatement()) {
                s.execute("CREATE TABLE t (k INT PRIMARY KEY, v TEXT)");
                s.execute("INSERT INTO t VALUES (1, 'one')");

                c.failingLog(n1).error = "No space left on device";
                c.failingLog(n1).failing.set(true);
                // Its commit entry is the first write to fail (in doubt: with other replicas it may
                // have reached them), unless the write of the previous commit's index came first.
                SQLException first = catchThrowableOfType(SQLException.class,
                    () -> s.execute("INSERT INTO t VALUES (2, 'two')"));
                assertThat(first.getSQLState()).as(first.getMessage()).isIn("40003", "53100");
                assertThat(first.getMessage()).contains("No space left on device");

                SQLException refused = catchThrowableOfType(SQLException.class,
                    () -> s.execute("INSERT INTO t VALUES (3, 'three')"));
                assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo("53100");
                assertThat(refused.getMessage()).contains("n1 stopped accepting writes", "No space left on device",
                    "the disk is full");
            }
            assertThat(c.node(n1).status().stopReason(BasaltNode.DEFAULT_GROUP_ID)).contains("No space left on device");
        }
    }
}
