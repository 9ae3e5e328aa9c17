package io.basalt.pgwire;

import static io.basalt.pgwire.RawPgClient.bind;
import static io.basalt.pgwire.RawPgClient.close;
import static io.basalt.pgwire.RawPgClient.describe;
import static io.basalt.pgwire.RawPgClient.execute;
import static io.basalt.pgwire.RawPgClient.flush;
import static io.basalt.pgwire.RawPgClient.parse;
import static io.basalt.pgwire.RawPgClient.query;
import static io.basalt.pgwire.RawPgClient.sync;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.pgwire.RawPgClient.Msg;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The protocol message by message, through a byte-level client. */
@Timeout(30)
class WireProtocolTest {
    private static final short[] NONE = new short[0];
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

    private static String types(List<Msg> msgs) {
        return msgs.stream().map(m -> String.valueOf(m.type())).collect(Collectors.joining());
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void loginReportsEveryParameterThenTheKeyThenReady() throws Exception {
        try (RawPgClient c = RawPgClient.connect(server.port())) {
            c.send(RawPgClient.startup(3, 0, "user", "bob", "TimeZone", "Europe/Berlin"));
            List<Msg> hello = c.readUntil('Z');
            assertThat(types(hello)).isEqualTo("RSSSSSSSSSKZ");
            assertThat(ByteBuffer.wrap(hello.get(0).body()).getInt()).as("AuthenticationOk").isZero();
            assertThat(hello.stream().filter(m -> m.type() == 'S').map(m -> m.text().replace('\0', '=')))
                .contains("server_version=16.0", "client_encoding=UTF8", "TimeZone=Europe/Berlin");
            assertThat(hello.get(hello.size() - 1).toString()).isEqualTo("Z(I)");
        }
    }

    @Test
    void simpleQueryAnswersEachStatementInOrder() throws Exception {
        client.send(query("SELECT 1; SELECT 'two', NULL"));
        List<Msg> got = client.readUntil('Z');
        assertThat(got.toString()).isEqualTo("[T, D[1], C(SELECT 1), T, D[two, null], C(SELECT 1), Z(I)]");
    }

    @Test
    void simpleQueryErrorCarriesEveryFieldAndStopsTheString() throws Exception {
        client.send(query("SELECT 1; FAIL 23505; SELECT 3"));
        List<Msg> got = client.readUntil('Z');
        assertThat(types(got)).isEqualTo("TDCEZ");
        Msg e = got.get(3);
        assertThat(e.field('S')).isEqualTo("ERROR");
        assertThat(e.field('V')).isEqualTo("ERROR");
        assertThat(e.field('C')).isEqualTo("23505");
        assertThat(e.field('M')).isEqualTo("scripted failure 23505");
        assertThat(e.field('D')).isEqualTo("the test asked for it");
        assertThat(e.field('H')).isEqualTo("ask for something else");
    }

    @Test
    void syntaxErrorCarriesItsPosition() throws Exception {
        client.send(query("BOGUS"));
        Msg e = client.readUntil('Z').get(0);
        assertThat(e.field('C')).isEqualTo("42601");
        assertThat(e.field('P')).isEqualTo("1");
    }

    @Test
    void emptyQueryGetsEmptyQueryResponse() throws Exception {
        client.send(query(""));
        assertThat(types(client.readUntil('Z'))).isEqualTo("IZ");
    }

    @Test
    void noticesAndParameterChangesAreReported() throws Exception {
        client.send(query("NOTICE hello; SET application_name = 'reports'"));
        List<Msg> got = client.readUntil('Z');
        assertThat(types(got)).isEqualTo("NCCSZ");
        assertThat(got.get(0).field('M')).isEqualTo("hello");
        assertThat(got.get(3).text().replace('\0', '=')).isEqualTo("application_name=reports");
    }

    @Test
    void readyForQueryCarriesTheTransactionStatus() throws Exception {
        client.send(query("BEGIN"));
        assertThat(client.readUntil('Z').getLast().toString()).isEqualTo("Z(T)");
        client.send(query("FAIL 23505"));
        assertThat(client.readUntil('Z').getLast().toString()).isEqualTo("Z(E)");
        client.send(query("SELECT 1"));
        List<Msg> failed = client.readUntil('Z');
        assertThat(failed.get(0).field('C')).isEqualTo("25P02");
        assertThat(failed.getLast().toString()).isEqualTo("Z(E)");
        client.send(query("ROLLBACK"));
        assertThat(client.readUntil('Z').toString()).isEqualTo("[C(ROLLBACK), Z(I)]");
    }

    @Test
    void extendedProtocolParseDescribeBindExecute() throws Exception {
        client.send(parse("s1", "SELECT $1::int4, $2::text", 23, 25), describe('S', "s1"),
            bind("", "s1", NONE, new byte[][] {text("42"), null}), describe('P', ""), execute("", 0), sync());
        List<Msg> got = client.readUntil('Z');
        assertThat(types(got)).isEqualTo("1tT2TDCZ");
        ByteBuffer params = ByteBuffer.wrap(got.get(1).body());
        assertThat(params.getShort()).isEqualTo((short) 2);
        assertThat(params.getInt()).isEqualTo(23);
        assertThat(params.getInt()).isEqualTo(25);
        assertThat(got.get(5).values()).containsExactly("42", null);
        assertThat(got.get(6).text()).isEqualTo("SELECT 1");
    }

    @Test
    void binaryParametersAndResults() throws Exception {
        byte[] fortyTwo = ByteBuffer.allocate(4).putInt(42).array();
        client.send(parse("", "SELECT $1::int4", 23), bind("", "", new short[] {1}, new byte[][] {fortyTwo}, (short) 1),
            describe('P', ""), execute("", 0), sync());
        List<Msg> got = client.readUntil('Z');
        assertThat(types(got)).isEqualTo("12TDCZ");
        ByteBuffer desc = ByteBuffer.wrap(got.get(2).body());
        desc.getShort();
        while (desc.get() != 0) {
            // column name
        }
        desc.getInt();
        desc.getShort();
        assertThat(desc.getInt()).as("type oid").isEqualTo(23);
        assertThat(desc.getShort()).as("typlen").isEqualTo((short) 4);
        desc.getInt();
        assertThat(desc.getShort()).as("format").isEqualTo((short) 1);
        assertThat(got.get(3).columns().get(0)).isEqualTo(fortyTwo);
    }

    @Test
    void executeWithMaxRowsSuspendsThePortalAndResumes() throws Exception {
        client.send(parse("", "SELECT generate_series(1, 5)"), bind("", "", NONE, new byte[0][]),
            execute("", 2), execute("", 2), execute("", 2), sync());
        List<Msg> got = client.readUntil('Z');
        assertThat(got.toString()).isEqualTo("[1, 2, D[1], D[2], s, D[3], D[4], s, D[5], C(SELECT 1), Z(I)]");
        assertThat(engine.executes.get()).as("the statement runs once, at the first Execute").isEqualTo(1);
    }

    @Test
    void afterAnErrorEverythingUntilSyncIsSkipped() throws Exception {
        client.send(parse("", "BOGUS"), bind("", "", NONE, new byte[0][]), describe('P', ""), execute("", 0),
            query("SELECT 1"), sync(), query("SELECT 2"));
        List<Msg> got = client.readUntil('Z');
        assertThat(types(got)).isEqualTo("EZ");
        assertThat(got.get(0).field('C')).isEqualTo("42601");
        assertThat(client.readUntil('Z').toString()).isEqualTo("[T, D[2], C(SELECT 1), Z(I)]");
    }

    @Test
    void bindFormatCountRulesAreEnforced() throws Exception {
        client.send(parse("s", "SELECT $1::int4", 23),
            bind("", "s", new short[] {0, 0}, new byte[][] {text("1")}), sync());
        List<Msg> got = client.readUntil('Z');
        assertThat(types(got)).isEqualTo("1EZ");
        assertThat(got.get(1).field('C')).isEqualTo("08P01");
        assertThat(got.get(1).field('S')).as("a bad Bind is an ERROR, not FATAL").isEqualTo("ERROR");
        client.send(bind("", "s", new short[] {0}, new byte[][] {text("7")}), execute("", 0), sync());
        assertThat(client.readUntil('Z').toString()).isEqualTo("[2, D[7], C(SELECT 1), Z(I)]");
        client.send(bind("", "s", new short[] {2}, new byte[][] {text("7")}), sync());
        assertThat(client.readUntil('Z').get(0).field('C')).isEqualTo("22023");
        client.send(bind("", "s", NONE, new byte[0][]), sync());
        assertThat(client.readUntil('Z').get(0).field('M')).contains("supplies 0 parameters", "requires 1");
        client.send(bind("", "s", NONE, new byte[][] {text("x")}), sync());
        assertThat(client.readUntil('Z').get(0).field('C')).isEqualTo("22P02");
    }

    @Test
    void unknownAndDuplicateNamesAreErrors() throws Exception {
        client.send(bind("", "nope", NONE, new byte[0][]), sync());
        assertThat(client.readUntil('Z').get(0).field('C')).isEqualTo("26000");
        client.send(execute("nope", 0), sync());
        assertThat(client.readUntil('Z').get(0).field('C')).isEqualTo("34000");
        client.send(parse("s", "SELECT 1"), parse("s", "SELECT 2"), sync());
        List<Msg> got = client.readUntil('Z');
        assertThat(types(got)).isEqualTo("1EZ");
        assertThat(got.get(1).field('C')).isEqualTo("42P05");
    }

    @Test
    void closedStatementIsGone() throws Exception {
        client.send(parse("s", "SELECT 1"), close('S', "s"), close('P', "never-opened"),
            bind("", "s", NONE, new byte[0][]), sync());
        List<Msg> got = client.readUntil('Z');
        assertThat(types(got)).isEqualTo("133EZ");
        assertThat(got.get(3).field('C')).isEqualTo("26000");
    }

    @Test
    void unnamedStatementIsReplacedByTheNextParse() throws Exception {
        client.send(parse("", "SELECT 1"), parse("", "SELECT 2"), bind("", "", NONE, new byte[0][]),
            execute("", 0), sync());
        assertThat(client.readUntil('Z').toString()).isEqualTo("[1, 1, 2, D[2], C(SELECT 1), Z(I)]");
    }

    @Test
    void flushSendsPendingResponsesWithoutSync() throws Exception {
        client.send(parse("", "SELECT 1"), flush());
        assertThat(client.read().type()).isEqualTo('1');
        client.send(sync());
        assertThat(client.readUntil('Z').toString()).isEqualTo("[Z(I)]");
    }

    @Test
    void emptyStatementInTheExtendedProtocol() throws Exception {
        client.send(parse("", "  "), bind("", "", NONE, new byte[0][]), describe('P', ""), execute("", 0), sync());
        assertThat(types(client.readUntil('Z'))).isEqualTo("12nIZ");
    }

    @Test
    void errorRaisedBySyncIsReported() throws Exception {
        client.send(parse("", "SYNCFAIL"), bind("", "", NONE, new byte[0][]), execute("", 0), sync());
        List<Msg> got = client.readUntil('Z');
        assertThat(types(got)).isEqualTo("12CEZ");
        assertThat(got.get(3).field('C')).isEqualTo("40001");
        client.send(query("SYNCFAIL"));
        assertThat(types(client.readUntil('Z'))).isEqualTo("CEZ");
    }

    @Test
    void portalsLastUntilTheirTransactionEnds() throws Exception {
        client.send(parse("s", "SELECT generate_series(1, 3)"), bind("p", "s", NONE, new byte[0][]),
            execute("p", 1), sync(), execute("p", 1), sync());
        List<Msg> implicit = client.readUntil('Z');
        assertThat(implicit.toString()).isEqualTo("[1, 2, D[1], s, Z(I)]");
        assertThat(client.readUntil('Z').get(0).field('C')).as("gone with the implicit transaction").isEqualTo("34000");

        client.send(query("BEGIN"));
        client.readUntil('Z');
        client.send(bind("p", "s", NONE, new byte[0][]), execute("p", 2), sync(), execute("p", 2), sync());
        assertThat(client.readUntil('Z').toString()).isEqualTo("[2, D[1], D[2], s, Z(T)]");
        assertThat(client.readUntil('Z').toString()).isEqualTo("[D[3], C(SELECT 1), Z(T)]");
    }

    @Test
    void functionCallIsNotSupported() throws Exception {
        client.send(new RawPgClient.Builder().int32(1234).int16(0).int16(0).int16(0).typed('F'));
        List<Msg> got = client.readUntil('Z');
        assertThat(got.get(0).field('C')).isEqualTo("0A000");
    }

    @Test
    void terminateClosesTheConnection() throws Exception {
        client.send(RawPgClient.terminate());
        assertThat(client.readUntilClosed()).isEmpty();
        for (int i = 0; i < 500 && engine.closed.get() < 1; i++) {
            Thread.sleep(10);
        }
        assertThat(engine.closed.get()).as("the SQL session is closed").isEqualTo(1);
    }

    @Test
    void largeResultArrivesComplete() throws Exception {
        int rows = 200_000;
        client.send(query("SELECT generate_series(1, " + rows + ")"));
        List<Msg> got = client.readUntil('Z');
        assertThat(got).hasSize(rows + 3);
        assertThat(got.get(rows).values()).containsExactly(Integer.toString(rows));
    }
}
