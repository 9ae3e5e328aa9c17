package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.basalt.common.NodeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock pgbench 15 against a three-node cluster, unmodified: {@code pgbench -i -s 1} through
 * a follower's SQL port (DROP, CREATE TABLE ... WITH (fillfactor=100), TRUNCATE, COPY FROM STDIN
 * in one transaction, VACUUM, ALTER TABLE ... ADD PRIMARY KEY), then short TPC-B-like and
 * select-only runs in the simple and prepared protocols. No transaction may fail, and after
 * every TPC-B run the balances must add up: accounts, tellers and branches each sum to the
 * history's deltas.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class PgbenchTest {
    private static final Path PGBENCH = Path.of("/usr/bin/pgbench");
    private static final int SECONDS = 10;
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");

    @TempDir
    static Path dir;
    private static TestCluster cluster;
    private static int followerPort;
    private static int leaderPort;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(PGBENCH), "pgbench is not installed");
        cluster = TestCluster.start(dir, 3, c -> c.withSql(new InetSocketAddress("127.0.0.1", 0)));
        NodeId leader = cluster.awaitLeader();
        leaderPort = cluster.node(leader).sqlAddress().getPort();
        followerPort = cluster.node(cluster.anyFollower(leader)).sqlAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Run pgbench(int port, long secondsMax, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PGBENCH.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
            "-U", "postgres"));
        argv.addAll(List.of(args));
        argv.add("postgres");
        ProcessBuilder pb = new ProcessBuilder(argv);
        Path out = Files.createTempFile(dir, "pgbench", ".out");
        Path err = Files.createTempFile(dir, "pgbench", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        Process p = pb.start();
        boolean done = p.waitFor(secondsMax, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        Run r = new Run(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
        assertThat(done).as("pgbench %s finished within %d s: %s", argv, secondsMax, r).isTrue();
        return r;
    }

    /** A run of {@link #SECONDS} with {@code args}: it completed, processed transactions and none failed. */
    private static void run(int port, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("-n", "-c", "4", "-j", "2", "-T", Integer.toString(SECONDS),
            "--max-tries", "10"));
        argv.addAll(List.of(args));
        Run r = pgbench(port, SECONDS + 120, argv.toArray(String[]::new));
        assertThat(r.exitCode()).as("pgbench %s: %s", argv, r).isZero();
        assertThat(r.stderr()).as("no client aborted").doesNotContain("aborted");
        assertThat(number(FAILED, r.stdout())).as("failed transactions in %s", r.stdout()).isZero();
        assertThat(number(PROCESSED, r.stdout())).as("transactions in %s", r.stdout()).isPositive();
    }

    private static long number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("%s in %s", p, text).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Each balance column sums to the history's deltas, as every TPC-B transaction adds its delta to all four. */
    private static void balancesAddUp(int port) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
            ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT coalesce(sum(abalance), 0) FROM pgbench_accounts),"
                 + " (SELECT coalesce(sum(tbalance), 0) FROM pgbench_tellers),"
                 + " (SELECT coalesce(sum(bbalance), 0) FROM pgbench_branches),"
                 + " (SELECT coalesce(sum(delta), 0) FROM pgbench_history), (SELECT count(*) FROM pgbench_history)")) {
            assertThat(rs.next()).isTrue();
            long history = rs.getLong(4);
            assertThat(rs.getLong(5)).as("history rows").isPositive();
            assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).as("accounts, tellers, branches")
                .containsOnly(history);
        }
    }

    @Test
    @Order(1)
    void initialisesScaleOneThroughAFollower() throws Exception {
        Run r = pgbench(followerPort, 300, "-i", "-s", "1");
        assertThat(r.exitCode()).as("pgbench -i: %s", r).isZero();
        assertThat(r.stderr()).contains("done in");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + leaderPort + "/postgres",
            "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pgbench_accounts),"
                 + " (SELECT count(DISTINCT aid) FROM pgbench_accounts), (SELECT count(*) FROM pgbench_tellers),"
                 + " (SELECT count(*) FROM pgbench_branches), (SELECT count(*) FROM pgbench_history)")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .containsExactly(100_000L, 100_000L, 10L, 1L, 0L);
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + leaderPort + "/postgres",
            "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT bid, abalance, length(filler), filler = '' FROM pgbench_accounts"
                 + " WHERE aid = 99999")) {
            // pgbench sends an empty filler; char(84) pads it, and length() does not count the padding.
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3))).containsExactly(1, 0, 0);
            assertThat(rs.getBoolean(4)).isTrue();
        }
    }

    @Test
    @Order(2)
    void tpcbInTheSimpleProtocol() throws Exception {
        run(leaderPort, "-M", "simple");
        balancesAddUp(leaderPort);
    }

    @Test
    @Order(3)
    void tpcbPreparedThroughAFollower() throws Exception {
        run(followerPort, "-M", "prepared");
        balancesAddUp(followerPort);
    }

    @Test
    @Order(4)
    void selectOnlyInBothProtocols() throws Exception {
        run(leaderPort, "-S", "-M", "simple");
        run(followerPort, "-S", "-M", "prepared");
    }
}
