package io.basalt.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cleartext password authentication with pgjdbc and by hand. */
@Timeout(30)
class PasswordAuthTest {
    private final ScriptedSqlService engine = new ScriptedSqlService();
    private PgServer server;

    @BeforeEach
    void start() throws Exception {
        server = PgServer.start("127.0.0.1", 0, engine, PgServerConfig.defaults().withPasswords(Map.of("alice", "s3cret")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?connectTimeout=10",
            user, password);
    }

    @Test
    void rightPasswordLogsIn() throws Exception {
        try (Connection c = connect("alice", "s3cret"); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void wrongPasswordOrUnknownUserIs28P01() {
        for (String[] attempt : List.of(new String[] {"alice", "guess"}, new String[] {"mallory", "s3cret"})) {
            assertThatThrownBy(() -> connect(attempt[0], attempt[1]).close())
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).contains("password authentication failed for user \"" + attempt[0] + "\"");
                });
        }
        assertThat(engine.opened.get()).as("no session opened without a password").isZero();
    }

    @Test
    void serverAsksForACleartextPasswordAndRejectsOtherMessages() throws Exception {
        try (RawPgClient c = RawPgClient.connect(server.port())) {
            c.send(RawPgClient.startup(3, 0, "user", "alice"));
            RawPgClient.Msg ask = c.read();
            assertThat(ask.type()).isEqualTo('R');
            assertThat(java.nio.ByteBuffer.wrap(ask.body()).getInt()).isEqualTo(3);
            c.send(RawPgClient.query("SELECT 1"));
            List<RawPgClient.Msg> rest = c.readUntilClosed();
            assertThat(rest).hasSize(1);
            assertThat(rest.get(0).field('C')).isEqualTo("08P01");
            assertThat(rest.get(0).field('S')).isEqualTo("FATAL");
        }
    }
}
