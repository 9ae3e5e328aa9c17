package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.engine.TxnConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQL client may sit idle inside BEGIN for as long as its connection lives, as in
 * PostgreSQL: the gateway keeps the transaction alive on the leader, whose heartbeat timeout
 * (one second here) only ends transactions whose gateway is gone.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SqlIdleTransactionTest {
    private static final long HEARTBEAT_TIMEOUT_MS = 1_000;

    @TempDir
    Path dir;

    @Test
    void aTransactionIdleLongerThanTheHeartbeatTimeoutStillCommits() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg
            .withTxn(TxnConfig.DEFAULTS.withHeartbeatTimeoutMs(HEARTBEAT_TIMEOUT_MS))
            .withSql(new InetSocketAddress("127.0.0.1", 0)))) {
            var leader = c.awaitLeader();
            int port = c.node(c.anyFollower(leader)).sqlAddress().getPort();
            try (Connection conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "idle", ""); Statement s = conn.createStatement()) {
                s.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
                conn.setAutoCommit(false);
                s.executeUpdate("INSERT INTO notes VALUES (1, 'written before the pause')");
                // The user thinks for three heartbeat timeouts before the next statement.
                Thread.sleep(3 * HEARTBEAT_TIMEOUT_MS);
                s.executeUpdate("INSERT INTO notes VALUES (2, 'written after it')");
                conn.commit();
                conn.setAutoCommit(true);
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM notes")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
        }
    }
}
