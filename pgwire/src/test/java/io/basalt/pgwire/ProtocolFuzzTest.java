package io.basalt.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.basalt.pgwire.RawPgClient.Msg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and damaged bytes, as startup packets and after a valid startup. Every connection
 * must end (an ErrorResponse and a close, or just a close) with well-formed replies, the
 * server must go on serving, and nothing may be logged at WARN or above. Each case draws from
 * its own {@code Random(seed, case)}; rerun one with {@code -Dbasalt.fuzz.seed=...}.
 */
@Timeout(300)
class ProtocolFuzzTest {
    private static final int CASES_AFTER_STARTUP = 2_500;
    private static final int CASES_AS_STARTUP = 2_500;
    private static final int CLIENT_THREADS = 8;
    private static final byte[][] NO_VALUES = new byte[0][];

    private final long seed = Long.getLong("basalt.fuzz.seed", new SecureRandom().nextLong());
    private final ScriptedSqlService engine = new ScriptedSqlService();
    /** Connections that ended with FATAL 08P01, and those the server closed without one. */
    private final AtomicInteger fatalEnds = new AtomicInteger();
    private final AtomicInteger quietEnds = new AtomicInteger();
    private PgServer server;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        System.out.println("ProtocolFuzzTest seed " + seed + " (rerun with -Dbasalt.fuzz.seed=" + seed + ")");
        logs = new LogCapture();
        server = PgServer.start("127.0.0.1", 0, engine, PgServerConfig.defaults().withMessageBytesMax(1 << 16));
    }

    @AfterEach
    void stop() {
        server.close();
        logs.close();
    }

    @Test
    void damagedMessagesAfterStartup() throws Exception {
        runCases(CASES_AFTER_STARTUP, this::afterStartupCase);
        assertBothEndingsSeen();
        assertServerStillServes();
    }

    @Test
    void damagedStartupPackets() throws Exception {
        runCases(CASES_AS_STARTUP, this::startupCase);
        assertBothEndingsSeen();
        assertServerStillServes();
    }

    private interface Case {
        void run(int index, Random random) throws IOException;
    }

    private void runCases(int cases, Case c) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS)) {
            List<Future<Object>> done = IntStream.range(0, cases).mapToObj(i -> pool.<Object>submit(() -> {
                c.run(i, new Random(seed * 1_000_003L + i));
                return null;
            })).toList();
            for (Future<Object> f : done) {
                f.get();
            }
        }
    }

    private void afterStartupCase(int index, Random random) throws IOException {
        byte[] payload = damagedStream(random);
        try (RawPgClient c = RawPgClient.login(server.port(), "fuzz")) {
            sendQuietly(c, payload);
            List<Msg> replies = readAll(c, index, payload);
            for (Msg m : replies) {
                if (m.type() == 'E') {
                    String code = m.field('C');
                    assertThat(code).as(ctx(index, payload)).hasSize(5);
                    if ("FATAL".equals(m.field('S'))) {
                        assertThat(code).as("only protocol violations are fatal; " + ctx(index, payload)).isEqualTo("08P01");
                        assertThat(m).as("FATAL is the last message; " + ctx(index, payload)).isSameAs(replies.getLast());
                    }
                }
            }
            boolean fatal = !replies.isEmpty() && replies.getLast().type() == 'E'
                && "FATAL".equals(replies.getLast().field('S'));
            (fatal ? fatalEnds : quietEnds).incrementAndGet();
        }
    }

    /** A fuzzer that only ever hit one path would prove little. */
    private void assertBothEndingsSeen() {
        System.out.println("fuzz endings: " + fatalEnds.get() + " with FATAL 08P01, " + quietEnds.get() + " quiet");
        assertThat(fatalEnds.get()).as("cases ending in FATAL 08P01; seed " + seed).isPositive();
        assertThat(quietEnds.get()).as("cases ending without an error; seed " + seed).isPositive();
    }

    private void startupCase(int index, Random random) throws IOException {
        byte[] payload = damagedStartup(random);
        try (RawPgClient c = RawPgClient.connect(server.port())) {
            sendQuietly(c, payload);
            try {
                int first = c.readByte();
                boolean fatal = first == 'E';
                int b = first;
                while (b >= 0) {
                    // whatever else the server says, it must end with a close
                    b = c.readByte();
                }
                (fatal ? fatalEnds : quietEnds).incrementAndGet();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no close after startup bytes; " + ctx(index, payload), e);
            } catch (IOException e) {
                // reset by the server after it closed: also an end
            }
        }
    }

    private static void sendQuietly(RawPgClient c, byte[] payload) {
        try {
            c.send(payload);
            c.shutdownOutput();
        } catch (IOException e) {
            // the server may close before reading everything; its replies are checked below
        }
    }

    private List<Msg> readAll(RawPgClient c, int index, byte[] payload) {
        try {
            return c.readUntilClosed();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no close; " + ctx(index, payload), e);
        } catch (IOException e) {
            throw new AssertionError("malformed reply (" + e.getMessage() + "); " + ctx(index, payload), e);
        }
    }

    private String ctx(int index, byte[] payload) {
        return "seed " + seed + ", case " + index + ", bytes " + HexFormat.of().formatHex(payload);
    }

    private void assertServerStillServes() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
                + "/postgres?user=after&connectTimeout=10");
             ResultSet rs = c.createStatement().executeQuery("SELECT 42")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        // A connection closes its channel, then its session: wait for both.
        for (int i = 0; i < 500 && (server.connections() > 0 || engine.closed.get() != engine.opened.get()); i++) {
            Thread.sleep(10);
        }
        assertThat(server.connections()).as("every fuzzed connection was released; seed " + seed).isZero();
        assertThat(engine.closed.get()).as("every session was closed").isEqualTo(engine.opened.get());
        assertThat(logs.atLeast(Level.WARN)).as("log lines at WARN or above; seed " + seed).isEmpty();
    }

    // ---- generators ----

    private static byte[][] validMessages() {
        return new byte[][] {
            RawPgClient.query("SELECT 1"),
            RawPgClient.query("SELECT generate_series(1, 3)"),
            RawPgClient.query("FAIL 22012"),
            RawPgClient.parse("s", "SELECT $1::int4, $2::text", 23, 25),
            RawPgClient.parse("", "SELECT 'x'"),
            RawPgClient.bind("", "s", new short[] {0, 1}, new byte[][] {"5".getBytes(StandardCharsets.UTF_8), {65, 66}},
                (short) 1),
            RawPgClient.bind("p", "", new short[0], NO_VALUES),
            RawPgClient.describe('S', "s"),
            RawPgClient.describe('P', ""),
            RawPgClient.execute("", 1),
            RawPgClient.execute("p", 0),
            RawPgClient.close('S', "s"),
            RawPgClient.sync(),
            RawPgClient.flush(),
            RawPgClient.password("x"),
            new RawPgClient.Builder().bytes(new byte[] {1, 2, 3}).typed('d'),
        };
    }

    private static byte[] damagedStream(Random r) {
        byte[][] valid = validMessages();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = 1 + r.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            byte[] m = valid[r.nextInt(valid.length)];
            switch (r.nextInt(4)) {
                case 0 -> out.writeBytes(m);
                case 1, 2 -> out.writeBytes(mutate(r, m, 1));
                default -> out.writeBytes(randomBytes(r, 1 + r.nextInt(64)));
            }
        }
        return out.toByteArray();
    }

    private static byte[] damagedStartup(Random r) {
        byte[] valid = RawPgClient.startup(3, 0, "user", "fuzz", "database", "db", "application_name", "ü");
        return switch (r.nextInt(6)) {
            case 0 -> randomBytes(r, 1 + r.nextInt(48));
            case 1, 2 -> mutate(r, valid, 0);
            case 3 -> concat(RawPgClient.untyped(80877103), mutate(r, valid, 0));
            case 4 -> mutate(r, RawPgClient.untyped(80877102, r.nextInt(), r.nextInt()), 0);
            default -> concat(valid, randomBytes(r, 1 + r.nextInt(32)));
        };
    }

    /** Damages one message; {@code lengthAt} is where its int32 length starts (1 typed, 0 untyped). */
    private static byte[] mutate(Random r, byte[] m, int lengthAt) {
        byte[] b = m.clone();
        switch (r.nextInt(6)) {
            case 0 -> {
                return java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 1 -> {
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> {
                int[] lengths = {-1, 0, 3, 4, 7, Integer.MAX_VALUE, Integer.MIN_VALUE, b.length, b.length + 100, r.nextInt()};
                int len = lengths[r.nextInt(lengths.length)];
                b[lengthAt] = (byte) (len >>> 24);
                b[lengthAt + 1] = (byte) (len >>> 16);
                b[lengthAt + 2] = (byte) (len >>> 8);
                b[lengthAt + 3] = (byte) len;
            }
            case 3 -> b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? 0xFF : 0xC3);
            case 4 -> {
                int at = lengthAt + 4 + r.nextInt(Math.max(1, b.length - lengthAt - 4));
                if (at + 1 < b.length) {
                    b[at] = (byte) 0xFF;
                    b[at + 1] = (byte) 0xFE;
                }
            }
            default -> b[0] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
