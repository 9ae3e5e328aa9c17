package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.txn.engine.TxnConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SELECT ... FOR UPDATE NOWAIT and SKIP LOCKED through a real cluster: one client holds a row
 * lock at the leader, another (through a follower) is refused at once or skips the row, long
 * before the lock timeout would end a wait.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SqlRowLockWaitTest {
    private static final long LOCK_TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    @Test
    void nowaitFailsAtOnceAndSkipLockedReturnsTheOtherRows() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg
            .withTxn(TxnConfig.DEFAULTS.withLockTimeoutMs(LOCK_TIMEOUT_MS))
            .withSql(new InetSocketAddress("127.0.0.1", 0)))) {
            var leader = c.awaitLeader();
            try (Connection holder = connect(c.node(leader).sqlAddress().getPort());
                 Connection other = connect(c.node(c.anyFollower(leader)).sqlAddress().getPort());
                 Statement h = holder.createStatement(); Statement o = other.createStatement()) {
                h.execute("CREATE TABLE jobs (id int PRIMARY KEY, state text)");
                h.executeUpdate("INSERT INTO jobs VALUES (1, 'new'), (2, 'new'), (3, 'new')");
                holder.setAutoCommit(false);
                assertThat(ids(h, "SELECT id FROM jobs WHERE id = 2 FOR UPDATE")).containsExactly(2);

                other.setAutoCommit(false);
                long started = System.nanoTime();
                assertThatThrownBy(() -> o.executeQuery("SELECT id FROM jobs WHERE id = 2 FOR UPDATE NOWAIT"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("55P03");
                        assertThat(e.getMessage()).contains("could not obtain lock on row in relation \"jobs\"");
                    });
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(tookMs).as("refused without waiting for the lock").isLessThan(LOCK_TIMEOUT_MS / 3);
                assertThatThrownBy(() -> o.executeQuery("SELECT 1")).as("the transaction is aborted")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
                other.rollback();

                assertThat(ids(o, "SELECT id FROM jobs ORDER BY id FOR UPDATE SKIP LOCKED")).containsExactly(1, 3);
                assertThat(ids(h, "SELECT id FROM jobs ORDER BY id FOR UPDATE SKIP LOCKED"))
                    .as("the rows the other client now holds are skipped in turn").containsExactly(2);
                other.commit();
                holder.commit();
                other.setAutoCommit(true);
                assertThat(ids(o, "SELECT id FROM jobs ORDER BY id FOR UPDATE NOWAIT")).containsExactly(1, 2, 3);
            }
        }
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "locker", "");
    }

    private static List<Integer> ids(Statement s, String sql) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }
}
