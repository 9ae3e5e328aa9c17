package io.basalt.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.pgwire.RawPgClient.Msg;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Named limits, startup negotiation and fatal protocol errors. */
@Timeout(30)
class ConnectionLimitsTest {
    private final ScriptedSqlService engine = new ScriptedSqlService();
    private PgServer server;

    private void start(PgServerConfig config) throws InterruptedException {
        server = PgServer.start("127.0.0.1", 0, engine, config);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?user=alice&connectTimeout=10";
    }

    private static Msg onlyFatal(List<Msg> msgs, String sqlState) {
        assertThat(msgs).as("messages before the close").isNotEmpty();
        Msg last = msgs.getLast();
        assertThat(last.type()).isEqualTo('E');
        assertThat(last.field('S')).isEqualTo("FATAL");
        assertThat(last.field('C')).isEqualTo(sqlState);
        return last;
    }

    private void awaitConnections(int n) throws InterruptedException {
        for (int i = 0; i < 500 && server.connections() != n; i++) {
            Thread.sleep(10);
        }
        assertThat(server.connections()).isEqualTo(n);
    }

    @Test
    void oneClientMoreThanMaxConnectionsGets53300() throws Exception {
        start(PgServerConfig.defaults().withMaxConnections(2));
        try (RawPgClient a = RawPgClient.login(server.port(), "a"); Connection b = DriverManager.getConnection(url())) {
            assertThatThrownBy(() -> DriverManager.getConnection(url()).close())
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("53300");
                    assertThat(e.getMessage()).contains("sorry, too many clients already");
                });
            try (RawPgClient c = RawPgClient.connect(server.port())) {
                c.send(RawPgClient.startup(3, 0, "user", "c"));
                onlyFatal(c.readUntilClosed(), "53300");
            }
            a.send(RawPgClient.query("SELECT 1"));
            assertThat(a.readUntil('Z').getLast().toString()).as("admitted clients are unaffected").isEqualTo("Z(I)");
            assertThat(b.isValid(5)).isTrue();
        }
        awaitConnections(0);
        try (Connection again = DriverManager.getConnection(url())) {
            assertThat(again.isClosed()).as("slots are given back when clients leave").isFalse();
        }
    }

    @Test
    void oversizedMessageIs08P01AndTheServerGoesOn() throws Exception {
        start(PgServerConfig.defaults().withMessageBytesMax(4096));
        try (RawPgClient c = RawPgClient.login(server.port(), "a")) {
            c.send(new byte[] {'Q', 0x00, 0x10, 0x00, 0x00});
            Msg e = onlyFatal(c.readUntilClosed(), "08P01");
            assertThat(e.field('M')).contains("invalid message length");
        }
        try (Connection jdbc = DriverManager.getConnection(url())) {
            String big = "SELECT '" + "x".repeat(5000) + "'";
            assertThatThrownBy(() -> jdbc.createStatement().execute(big))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).startsWith("08"));
        }
        try (Connection jdbc = DriverManager.getConnection(url())) {
            assertThat(jdbc.createStatement().execute("SELECT 1")).isTrue();
        }
    }

    @Test
    void oversizedStartupPacketIs08P01() throws Exception {
        start(PgServerConfig.defaults());
        try (RawPgClient c = RawPgClient.connect(server.port())) {
            c.send(ByteBuffer.allocate(8).putInt(20_000).putInt(196608).array());
            onlyFatal(c.readUntilClosed(), "08P01");
        }
    }

    @Test
    void unsupportedProtocolVersionIs0A000() throws Exception {
        start(PgServerConfig.defaults());
        try (RawPgClient c = RawPgClient.connect(server.port())) {
            c.send(RawPgClient.startup(2, 0, "user", "a"));
            assertThat(onlyFatal(c.readUntilClosed(), "0A000").field('M'))
                .isEqualTo("unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
        }
    }

    @Test
    void newerMinorVersionAndProtocolOptionsAreNegotiatedDown() throws Exception {
        start(PgServerConfig.defaults());
        try (RawPgClient c = RawPgClient.connect(server.port())) {
            c.send(RawPgClient.startup(3, 2, "user", "a", "_pq_.future", "1"));
            List<Msg> hello = c.readUntil('Z');
            Msg v = hello.get(0);
            assertThat(v.type()).isEqualTo('v');
            ByteBuffer b = ByteBuffer.wrap(v.body());
            assertThat(b.getInt()).as("newest minor").isZero();
            assertThat(b.getInt()).as("unrecognised options").isEqualTo(1);
            assertThat(new String(v.body(), 8, v.body().length - 9, StandardCharsets.UTF_8)).isEqualTo("_pq_.future");
        }
    }

    @Test
    void encryptionRequestsAreAnsweredNo() throws Exception {
        start(PgServerConfig.defaults());
        try (RawPgClient c = RawPgClient.connect(server.port())) {
            c.send(RawPgClient.untyped(80877104));
            assertThat(c.readByte()).isEqualTo('N');
            c.send(RawPgClient.untyped(80877103));
            assertThat(c.readByte()).isEqualTo('N');
            c.send(RawPgClient.startup(3, 0, "user", "a"));
            assertThat(c.readUntil('Z').getLast().toString()).isEqualTo("Z(I)");
        }
    }

    @Test
    void missingUserIs28000() throws Exception {
        start(PgServerConfig.defaults());
        try (RawPgClient c = RawPgClient.connect(server.port())) {
            c.send(RawPgClient.startup(3, 0, "database", "x"));
            onlyFatal(c.readUntilClosed(), "28000");
        }
    }

    @Test
    void unknownMessageTypeIsFatal() throws Exception {
        start(PgServerConfig.defaults());
        try (RawPgClient c = RawPgClient.login(server.port(), "a")) {
            c.send(new RawPgClient.Builder().typed('Z'));
            assertThat(onlyFatal(c.readUntilClosed(), "08P01").field('M')).isEqualTo("invalid frontend message type 90");
        }
    }

    @Test
    void messagesBeforeMalformedBytesAreStillAnswered() throws Exception {
        start(PgServerConfig.defaults());
        try (RawPgClient c = RawPgClient.login(server.port(), "a")) {
            byte[] truncatedParse = {'P', 0, 0, 0, 8, 's', 0, 'x', 'y'};
            c.send(RawPgClient.query("SELECT 1"), truncatedParse);
            List<Msg> got = c.readUntilClosed();
            assertThat(got.toString()).startsWith("[T, D[1], C(SELECT 1), Z(I), E(FATAL 08P01");
        }
    }

    @Test
    void clientThatNeverFinishesStartupIsClosed() throws Exception {
        start(PgServerConfig.defaults().withStartupTimeoutMs(200));
        try (RawPgClient c = RawPgClient.connect(server.port())) {
            c.send(new byte[] {0, 0});
            long t0 = System.nanoTime();
            assertThat(c.readUntilClosed()).isEmpty();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(RawPgClient.READ_TIMEOUT_MS);
        }
    }

    @Test
    void cancelRequestWithAWrongKeyCancelsNothing() throws Exception {
        start(PgServerConfig.defaults());
        try (RawPgClient victim = RawPgClient.login(server.port(), "a");
             RawPgClient c = RawPgClient.connect(server.port())) {
            c.send(RawPgClient.untyped(80877102, 10_000, 12345));
            assertThat(c.readUntilClosed()).isEmpty();
            assertThat(engine.cancels.get()).isZero();
            victim.send(RawPgClient.query("SELECT 1"));
            assertThat(victim.readUntil('Z').getLast().toString()).isEqualTo("Z(I)");
        }
    }

    @Test
    void statementLimitIs54000() throws Exception {
        start(PgServerConfig.defaults().withStatementLimits(2, 2));
        try (RawPgClient c = RawPgClient.login(server.port(), "a")) {
            c.send(RawPgClient.parse("a", "SELECT 1"), RawPgClient.parse("b", "SELECT 1"),
                RawPgClient.parse("c", "SELECT 1"), RawPgClient.sync());
            List<Msg> got = c.readUntil('Z');
            assertThat(got.toString()).startsWith("[1, 1, E(ERROR 54000");
        }
    }
}
