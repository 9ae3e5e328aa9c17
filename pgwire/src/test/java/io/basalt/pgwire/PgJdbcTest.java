package io.basalt.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;

/** The real PostgreSQL JDBC driver against the server. */
@Timeout(60)
class PgJdbcTest {
    private final ScriptedSqlService engine = new ScriptedSqlService();
    private PgServer server;

    @BeforeEach
    void start() throws Exception {
        server = PgServer.start("127.0.0.1", 0, engine, PgServerConfig.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Connection connect(String... options) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "alice");
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "20");
        for (int i = 0; i < options.length; i += 2) {
            p.setProperty(options[i], options[i + 1]);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", p);
    }

    private static int selectInt(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    @Test
    void statementsInExtendedAndSimpleQueryModes() throws Exception {
        try (Connection c = connect()) {
            assertThat(selectInt(c, "SELECT 1")).isEqualTo(1);
        }
        try (Connection c = connect("preferQueryMode", "simple")) {
            assertThat(selectInt(c, "SELECT 7")).isEqualTo(7);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 'x', NULL")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("x");
                assertThat(rs.getString(2)).isNull();
            }
        }
    }

    @Test
    void preparedStatementsAreNamedOnTheServerAndReused() throws Exception {
        try (Connection c = connect("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement("SELECT ?::int4, ?::text")) {
            // pgjdbc sets application_name with a query of its own after connecting.
            int preparesBefore = engine.prepares.get();
            int executesBefore = engine.executes.get();
            for (int i = 0; i < 5; i++) {
                ps.setInt(1, i);
                ps.setString(2, "v" + i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(i);
                    assertThat(rs.getString(2)).isEqualTo("v" + i);
                }
            }
            assertThat(engine.prepares.get() - preparesBefore).as("one Parse of a named statement serves every execution")
                .isEqualTo(1);
            assertThat(engine.executes.get() - executesBefore).isEqualTo(5);
        }
    }

    @Test
    void binaryTransferOfIntegersAndText() throws Exception {
        try (Connection c = connect("prepareThreshold", "1", "binaryTransfer", "true", "binaryTransferEnable", "TEXT");
             PreparedStatement ps = c.prepareStatement("SELECT ?::int4, ?::text, ?::int8")) {
            for (int i = 0; i < 3; i++) {
                ps.setInt(1, -123_456 - i);
                ps.setString(2, "snø ☃ " + i);
                ps.setLong(3, Long.MAX_VALUE - i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(-123_456 - i);
                    assertThat(rs.getString(2)).isEqualTo("snø ☃ " + i);
                    assertThat(rs.getLong(3)).isEqualTo(Long.MAX_VALUE - i);
                }
            }
        }
    }

    @Test
    void fetchSizeStreamsThroughPortalSuspension() throws Exception {
        try (Connection c = connect()) {
            int executesBefore = engine.executes.get();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT generate_series(1, 25)")) {
                ps.setFetchSize(4);
                List<Integer> got = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        got.add(rs.getInt(1));
                    }
                }
                assertThat(got).hasSize(25).startsWith(1, 2, 3).endsWith(25);
            }
            c.commit();
            assertThat(engine.executes.get() - executesBefore).as("BEGIN, the SELECT once, COMMIT").isEqualTo(3);
        }
    }

    @Test
    void errorsCarryTheirSqlStateAndTheConnectionGoesOn() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("FAIL 23505"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("23505");
                    assertThat(e.getMessage()).contains("scripted failure 23505", "the test asked for it");
                });
            assertThat(selectInt(c, "SELECT 2")).isEqualTo(2);

            c.setAutoCommit(false);
            assertThatThrownBy(() -> s.execute("FAIL 40001"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40001"));
            assertThatThrownBy(() -> s.execute("SELECT 3"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            c.rollback();
            assertThat(selectInt(c, "SELECT 4")).isEqualTo(4);
        }
    }

    @Test
    void batchesOfPreparedAndPlainStatements() throws Exception {
        try (Connection c = connect("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (int i = 0; i < 200; i++) {
                ps.setInt(1, i);
                ps.setString(2, "row " + i);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertThat(counts).hasSize(200).containsOnly(1);
            assertThat(engine.inserted).hasSize(200);
            assertThat(engine.inserted.get(199)).containsExactly(199, "row 199");

            try (Statement s = c.createStatement()) {
                s.addBatch("INSERT INTO t VALUES (1)");
                s.addBatch("INSERT INTO t VALUES (2)");
                assertThat(s.executeBatch()).containsExactly(1, 1);
            }
        }
    }

    @Test
    void cancelReachesTheRunningStatement() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try {
                    s.execute("SLEEP");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            // Cancel until it lands: the first may arrive before the statement started.
            while (!running.isDone()) {
                Thread.sleep(50);
                s.cancel();
            }
            Throwable t = running.get(15, TimeUnit.SECONDS);
            assertThat(t).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat(engine.cancels.get()).isPositive();
            assertThat(selectInt(c, "SELECT 5")).isEqualTo(5);
        }
    }

    @Test
    void parameterStatusReachesTheDriver() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET application_name = 'reporting'");
            Map<String, String> params = c.unwrap(PGConnection.class).getParameterStatuses();
            assertThat(params).containsEntry("application_name", "reporting").containsEntry("server_version", "16.0");
        }
    }

    @Test
    void unknownDatabaseIsFatal3D000() {
        assertThatThrownBy(() -> DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + server.port() + "/nosuchdb?user=alice&connectTimeout=10"))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("3D000"));
    }
}
