package io.basalt.pgwire;

import static io.basalt.pgwire.RawPgClient.bind;
import static io.basalt.pgwire.RawPgClient.copyData;
import static io.basalt.pgwire.RawPgClient.copyDone;
import static io.basalt.pgwire.RawPgClient.copyFail;
import static io.basalt.pgwire.RawPgClient.execute;
import static io.basalt.pgwire.RawPgClient.flush;
import static io.basalt.pgwire.RawPgClient.parse;
import static io.basalt.pgwire.RawPgClient.query;
import static io.basalt.pgwire.RawPgClient.sync;
import static io.basalt.pgwire.RawPgClient.terminate;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.pgwire.RawPgClient.Msg;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** COPY's sub-protocol message by message: copy-in, copy-out, and what a client may get wrong. */
@Timeout(30)
class CopyProtocolTest {
    private final ScriptedSqlService engine = new ScriptedSqlService();
    private PgServer server;
    private RawPgClient client;

    @BeforeEach
    void start() throws Exception {
        server = PgServer.start("127.0.0.1", 0, engine, PgServerConfig.defaults());
        client = RawPgClient.login(server.port(), "alice");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void copyInAnnouncesTextColumnsThenTakesDataCutAnywhere() throws Exception {
        client.send(query("COPYIN"));
        Msg g = client.read();
        assertThat(g.type()).isEqualTo('G');
        ByteBuffer b = ByteBuffer.wrap(g.body());
        assertThat(b.get()).as("overall format").isZero();
        assertThat(b.getShort()).as("columns").isEqualTo((short) 2);
        assertThat(b.getShort()).isZero();
        assertThat(b.getShort()).isZero();
        assertThat(b.hasRemaining()).isFalse();
        client.send(copyData("1\ta"), flush(), copyData("da\n2\t"), sync(), copyData("grace\n"), copyDone());
        assertThat(client.readUntil('Z').toString()).isEqualTo("[C(COPY 2), Z(I)]");
        assertThat(engine.copied).containsExactly("1\tada\n2\tgrace\n");
    }

    @Test
    void copyFailEndsTheCopyWith57014AndTheConnectionGoesOn() throws Exception {
        client.send(query("COPYIN"));
        assertThat(client.read().type()).isEqualTo('G');
        client.send(copyData("1\tx\n"), copyFail("client changed its mind"));
        List<Msg> got = client.readUntil('Z');
        assertThat(got.toString()).isEqualTo("[E(ERROR 57014 COPY from stdin failed: client changed its mind), Z(I)]");
        assertThat(engine.copied).isEmpty();
        client.send(query("SELECT 1"));
        assertThat(client.readUntil('Z').toString()).isEqualTo("[T, D[1], C(SELECT 1), Z(I)]");
    }

    @Test
    void anotherMessageDuringCopyInIs08P01AndLeftoverCopyMessagesAreIgnored() throws Exception {
        client.send(query("COPYIN"));
        assertThat(client.read().type()).isEqualTo('G');
        client.send(copyData("1\tx\n"), query("SELECT 2"), copyData("2\ty\n"), copyDone(), query("SELECT 3"));
        List<Msg> got = client.readUntil('Z');
        assertThat(got.toString()).isEqualTo("[E(ERROR 08P01 unexpected message type 0x51 during COPY from stdin), Z(I)]");
        assertThat(client.readUntil('Z').toString()).isEqualTo("[T, D[3], C(SELECT 1), Z(I)]");
        assertThat(engine.copied).isEmpty();
    }

    @Test
    void copyMessagesOutsideACopyAreIgnored() throws Exception {
        client.send(copyData("stray\n"), copyDone(), copyFail("late"), query("SELECT 4"));
        assertThat(client.readUntil('Z').toString()).isEqualTo("[T, D[4], C(SELECT 1), Z(I)]");
    }

    @Test
    void terminateDuringCopyInClosesTheConnection() throws Exception {
        client.send(query("COPYIN"));
        assertThat(client.read().type()).isEqualTo('G');
        client.send(copyData("1\tx\n"), terminate());
        List<Msg> got = client.readUntilClosed();
        assertThat(got).extracting(Msg::type).containsExactly('E', 'Z');
        assertThat(got.get(0).field('C')).isEqualTo("08P01");
        assertThat(engine.copied).isEmpty();
    }

    @Test
    void malformedBytesDuringCopyInAreFatal() throws Exception {
        client.send(query("COPYIN"));
        assertThat(client.read().type()).isEqualTo('G');
        client.send(new byte[] {'d', 0, 0, 0, 2});
        List<Msg> got = client.readUntilClosed();
        assertThat(got).extracting(Msg::type).containsExactly('E', 'Z', 'E');
        assertThat(got.get(2).field('S')).isEqualTo("FATAL");
        assertThat(got.get(2).field('C')).isEqualTo("08P01");
    }

    @Test
    void copyOutSendsAResponseThenOneCopyDataPerRowThenCopyDone() throws Exception {
        client.send(query("COPYOUT 3; SELECT 5"));
        List<Msg> got = client.readUntil('Z');
        assertThat(got.toString()).isEqualTo("[H, d(1\\n), d(2\\n), d(3\\n), c, C(COPY 3), T, D[5], C(SELECT 1), Z(I)]");
        ByteBuffer h = ByteBuffer.wrap(got.get(0).body());
        assertThat(h.get()).isZero();
        assertThat(h.getShort()).isEqualTo((short) 1);
        assertThat(h.getShort()).isZero();
    }

    @Test
    void copyThroughTheExtendedProtocolWorksAndSyncDuringCopyInIsIgnored() throws Exception {
        client.send(parse("", "COPYIN"), bind("", "", new short[0], new byte[0][]), execute("", 0), sync());
        List<Msg> first = List.of(client.read(), client.read(), client.read());
        assertThat(first).extracting(Msg::type).containsExactly('1', '2', 'G');
        client.send(copyData("9\tz\n"), copyDone(), sync());
        assertThat(client.readUntil('Z').toString()).isEqualTo("[C(COPY 1), Z(I)]");
        assertThat(engine.copied).containsExactly("9\tz\n");
    }
}
