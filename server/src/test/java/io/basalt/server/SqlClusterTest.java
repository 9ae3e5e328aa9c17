package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.basalt.common.NodeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SQL through real PostgreSQL clients (pgjdbc, HikariCP, psql) on three real nodes with fsync on. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqlClusterTest {
    @TempDir
    Path dir;
    private TestCluster cluster;
    private NodeId leader;

    @BeforeEach
    void start() throws IOException {
        cluster = TestCluster.start(dir, 3, c -> c.withSql(new InetSocketAddress("127.0.0.1", 0)));
        leader = cluster.awaitLeader();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private String url(NodeId node) {
        InetSocketAddress a = cluster.node(node).sqlAddress();
        return "jdbc:postgresql://127.0.0.1:" + a.getPort() + "/postgres";
    }

    private Connection connect(NodeId node) throws SQLException {
        return DriverManager.getConnection(url(node), "app", "");
    }

    @Test
    void rowsWrittenThroughOneNodeAreReadThroughAnother() throws Exception {
        NodeId follower = cluster.anyFollower(leader);
        try (Connection c = connect(follower); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance bigint DEFAULT 0)");
            assertThat(s.executeUpdate("INSERT INTO accounts (id, owner) VALUES (1, 'ada'), (2, 'grace')")).isEqualTo(2);
            s.executeUpdate("UPDATE accounts SET balance = balance + 50 WHERE id = 2");
        }
        try (Connection c = connect(leader); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, owner, balance FROM accounts ORDER BY id")) {
            assertThat(rows(rs)).containsExactly("1|ada|0", "2|grace|50");
        }
    }

    @Test
    void aRolledBackTransactionLeavesNothingAndAFailedOneNeedsRollback() throws Exception {
        try (Connection c = connect(leader); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t VALUES (1, 'gone')");
            c.rollback();
            s.executeUpdate("INSERT INTO t VALUES (2, 'kept')");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (2, 'duplicate')"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
            assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            c.rollback();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                assertThat(rows(rs)).as("the failed block's insert of 2 was rolled back too").containsExactly("0");
            }
            s.executeUpdate("INSERT INTO t VALUES (3, 'x')");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (4, 'y'), (3, 'dup')"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
            try (ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY id")) {
                assertThat(rows(rs)).as("a failed statement writes nothing").containsExactly("3");
            }
        }
    }

    @Test
    void hikariPoolPreparedStatementsBatchesAndGeneratedKeys() throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url(cluster.anyFollower(leader)) + "?prepareThreshold=1");
        hc.setUsername("app");
        hc.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id serial PRIMARY KEY, name varchar(20) NOT NULL, price numeric(8,2))");
            }
            try (Connection c = ds.getConnection();
                 PreparedStatement p = c.prepareStatement("INSERT INTO items (name, price) VALUES (?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, "first");
                p.setBigDecimal(2, new java.math.BigDecimal("1.50"));
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt("id")).isEqualTo(1);
                }
            }
            try (Connection c = ds.getConnection();
                 PreparedStatement p = c.prepareStatement("INSERT INTO items (name, price) VALUES (?, ?)")) {
                c.setAutoCommit(false);
                for (int i = 0; i < 50; i++) {
                    p.setString(1, "item" + i);
                    p.setBigDecimal(2, java.math.BigDecimal.valueOf(i, 1));
                    p.addBatch();
                }
                assertThat(p.executeBatch()).hasSize(50).containsOnly(1);
                c.commit();
                c.setAutoCommit(true);
            }
            try (Connection c = ds.getConnection();
                 PreparedStatement p = c.prepareStatement("SELECT name, price FROM items WHERE id = ?")) {
                for (int round = 0; round < 3; round++) {
                    p.setInt(1, 11);
                    try (ResultSet rs = p.executeQuery()) {
                        assertThat(rows(rs)).containsExactly("item9|0.90");
                    }
                }
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), sum(price) FROM items")) {
                assertThat(rows(rs)).containsExactly("51|124.00");
            }
        }
    }

    @Test
    void concurrentIncrementsAreSerializable() throws Exception {
        try (Connection c = connect(leader); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL)");
            s.execute("INSERT INTO counters VALUES (1, 0)");
        }
        int clients = 6;
        int increments = 15;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                NodeId via = cluster.ids().get(i % cluster.ids().size());
                done.add(pool.submit(() -> incrementWithRetries(via, increments)));
            }
            int retries = 0;
            for (Future<Integer> f : done) {
                retries += f.get(90, TimeUnit.SECONDS);
            }
            try (Connection c = connect(leader); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT n FROM counters WHERE id = 1")) {
                assertThat(rows(rs)).as("no increment lost (%d retries)", retries)
                    .containsExactly(String.valueOf(clients * increments));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private int incrementWithRetries(NodeId via, int increments) throws SQLException {
        int retries = 0;
        try (Connection c = connect(via)) {
            c.setAutoCommit(false);
            for (int done = 0; done < increments; ) {
                try (Statement s = c.createStatement()) {
                    long n;
                    try (ResultSet rs = s.executeQuery("SELECT n FROM counters WHERE id = 1 FOR UPDATE")) {
                        rs.next();
                        n = rs.getLong(1);
                    }
                    s.executeUpdate("UPDATE counters SET n = " + (n + 1) + " WHERE id = 1");
                    c.commit();
                    done++;
                } catch (SQLException e) {
                    c.rollback();
                    if (!e.getSQLState().equals("40001") && !e.getSQLState().equals("40P01")) {
                        throw e;
                    }
                    retries++;
                }
            }
        }
        return retries;
    }

    @Test
    void psqlRunsAScriptAndShowsErrorCodes() throws Exception {
        int port = cluster.node(cluster.anyFollower(leader)).sqlAddress().getPort();
        String script = "\\set ON_ERROR_STOP 1\n\\set VERBOSITY verbose\n"
            + "CREATE TABLE notes (id int PRIMARY KEY, body text);\n"
            + "INSERT INTO notes VALUES (1, 'hello'), (2, NULL);\n"
            + "SELECT id, coalesce(body, '(none)') AS body FROM notes ORDER BY id;\n"
            + "INSERT INTO notes VALUES (1, 'again');\n"
            + "SELECT 'not reached';\n";
        Path file = dir.resolve("script.sql");
        java.nio.file.Files.writeString(file, script);
        Process p = new ProcessBuilder("psql", "-X", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "anyone",
            "-d", "postgres", "-A", "-t", "-f", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(3);
        assertThat(out).contains("1|hello").contains("2|(none)")
            .contains("ERROR:  23505: duplicate key value violates unique constraint \"notes_pkey\"")
            .doesNotContain("not reached");
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                if (i > 1) {
                    b.append('|');
                }
                b.append(rs.getString(i));
            }
            out.add(b.toString());
        }
        return out;
    }
}
