package io.basalt.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftRole;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.NettyBasaltClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk under the leader: its data directory is a small tmpfs, filled up while it
 * takes writes. Its writes fail with the disk's error and it stops accepting more (SQLSTATE
 * 53100 for the SQL transaction it was running), the other two elect a leader and go on
 * serving, nothing acknowledged is lost, and once space is freed the restarted node catches up.
 * Mounting needs root, which CI has (it installs packages); elsewhere the test fails saying so.
 */
class DiskFullProcessTest {
    private static final String VICTIM = "n1";
    private static final int TMPFS_MIB = 32;
    /** Space left on the tmpfs once the ballast is written: filled by writes in a few dozen puts. */
    private static final long LEFT_BYTES = 3L << 20;
    private static final int VALUE_BYTES = 64 << 10;
    private static final int FILL_PUTS_MAX = 500;

    @TempDir
    Path dir;

    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            String failed = run("umount", mount.toString());
            assertThat(failed).as("unmounting the test's tmpfs at %s", mount).isNull();
        }
    }

    @Test
    void aFullDiskStopsTheLeadersWritesTheOthersTakeOverAndTheNodeCatchesUpOnceFreed() throws Exception {
        mountTmpfs(dir.resolve(VICTIM), "data directory");
        Map<String, String> acknowledged = new LinkedHashMap<>();
        try (NodeProcesses cluster = new NodeProcesses(dir, 3, true);
             BasaltClient client = ClusterProcessTest.startAndConnect(cluster)) {
            String leader = cluster.awaitLeader(client, Duration.ofSeconds(90));
            if (!leader.equals(VICTIM)) {
                makeVictimLead(cluster, client);
            }
            try (Connection sql = connect(cluster, VICTIM); Connection open = connect(cluster, VICTIM);
                 BasaltClient victimOnly = NettyBasaltClient.connect("basalt", Map.of(NodeId.of(VICTIM),
                     new InetSocketAddress("127.0.0.1", cluster.ports.get(VICTIM))), Duration.ofSeconds(5))) {
                try (Statement s = sql.createStatement()) {
                    s.execute("CREATE TABLE t (k INT PRIMARY KEY, v TEXT)");
                    s.execute("INSERT INTO t VALUES (1, 'one')");
                }
                // A transaction that began on the leader and is open when its disk fills.
                open.setAutoCommit(false);
                assertThat(value(open, 1)).isEqualTo("one");

                writeBallast(mount, LEFT_BYTES);
                ClientException failure = fillUntilFailure(victimOnly, acknowledged);
                assertThat(failure.getMessage()).as("the writer is told why")
                    .contains("stopped accepting writes", "No space left on device", "the disk is full");

                SQLException rolledBack = catchSql(() -> value(open, 1));
                assertThat(rolledBack.getSQLState()).as(rolledBack.getMessage()).isEqualTo("53100");
                assertThat(rolledBack.getMessage()).contains("No space left on device");

                String newLeader = cluster.awaitLeader(client, Duration.ofSeconds(30));
                assertThat(newLeader).isNotEqualTo(VICTIM);
                assertThat(cluster.running.get(VICTIM).isAlive()).as("the node stays up").isTrue();
                String reason = client.status(NodeId.of(VICTIM)).stopReason(1);
                assertThat(reason).as("status names the fault").contains("No space left on device",
                    mount.resolve("wal").toString());
                assertThat(cluster.groupStatus(client, VICTIM).role()).isEqualTo(RaftRole.FOLLOWER);
                assertThat(cluster.log(VICTIM)).contains("No space left on device", mount.resolve("wal").toString());
                String table = basaltStatus(cluster);
                assertThat(table.lines().filter(l -> l.startsWith(VICTIM + " ")))
                    .as("basalt status:%n%s", table).singleElement().asString()
                    .contains("FAILED", "WRITES STOPPED", "No space left on device");

                // The cluster keeps serving, also through the stopped node's SQL port: that
                // node's gateway sends the statement to the new leader.
                for (int i = 0; i < 50; i++) {
                    ClusterProcessTest.put(client, acknowledged, "after" + i, "value" + i);
                }
                try (Statement s = sql.createStatement()) {
                    // A retry after an unknown outcome must not trip over its own first try.
                    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                        s.executeUpdate("INSERT INTO t VALUES (2, 'two') ON CONFLICT (k) DO NOTHING");
                        return true;
                    });
                }
                assertThat(value(sql, 2)).isEqualTo("two");
            }
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                assertThat(get(client, e.getKey())).as("acknowledged key %s", e.getKey()).isEqualTo(e.getValue());
            }

            // Space freed, the node restarts from what its log holds durably and catches up.
            freeSpaceAndRestartVictim(cluster, client);
            try (Connection sql = connect(cluster, VICTIM)) {
                assertThat(value(sql, 2)).isEqualTo("two");
            }
        }
    }

    /**
     * The state engine's disk is full and the log's is not: RocksDB's flush of the applied state
     * fails (a compaction every 20 entries flushes it). The node stops accepting writes and steps
     * down as for a full log; the log holds every acknowledged entry, so after space is freed a
     * restart replays what the engine lacked and nothing is lost.
     */
    @Test
    void aFullDiskUnderTheStateEngineStopsTheLeadersWritesAndLosesNothing() throws Exception {
        mountTmpfs(dir.resolve(VICTIM).resolve("state"), "state directory");
        Map<String, String> acknowledged = new LinkedHashMap<>();
        try (NodeProcesses cluster = new NodeProcesses(dir, 3, true).withStartArgs("--snapshot-entries", "20");
             BasaltClient client = ClusterProcessTest.startAndConnect(cluster)) {
            String leader = cluster.awaitLeader(client, Duration.ofSeconds(90));
            if (!leader.equals(VICTIM)) {
                makeVictimLead(cluster, client);
            }
            try (BasaltClient victimOnly = NettyBasaltClient.connect("basalt", Map.of(NodeId.of(VICTIM),
                     new InetSocketAddress("127.0.0.1", cluster.ports.get(VICTIM))), Duration.ofSeconds(5))) {
                writeBallast(mount, LEFT_BYTES);
                ClientException failure = fillUntilFailure(victimOnly, acknowledged);
                assertThat(failure.getMessage()).as("the writer is told why")
                    .contains("stopped accepting writes", "state engine failed", "No space left on device",
                        "the disk is full");
            }
            String newLeader = cluster.awaitLeader(client, Duration.ofSeconds(30));
            assertThat(newLeader).isNotEqualTo(VICTIM);
            assertThat(cluster.running.get(VICTIM).isAlive()).as("the node stays up").isTrue();
            assertThat(client.status(NodeId.of(VICTIM)).stopReason(1)).as("status names the fault")
                .contains("state engine failed", "No space left on device", mount.toString());
            for (int i = 0; i < 50; i++) {
                ClusterProcessTest.put(client, acknowledged, "after" + i, "value" + i);
            }
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                assertThat(get(client, e.getKey())).as("acknowledged key %s", e.getKey()).isEqualTo(e.getValue());
            }

            freeSpaceAndRestartVictim(cluster, client);
            // It leads again and serves every acknowledged key from its own engine.
            makeVictimLead(cluster, client);
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                assertThat(get(client, e.getKey())).as("acknowledged key %s after the restart", e.getKey())
                    .isEqualTo(e.getValue());
            }
        }
    }

    /** A tmpfs of {@link #TMPFS_MIB} MiB at {@code at}, unmounted after the test. */
    private void mountTmpfs(Path at, String what) throws Exception {
        Files.createDirectories(at);
        String failed = run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_MIB + "m", "tmpfs", at.toString());
        if (failed != null) {
            throw new AssertionError("this test mounts a " + TMPFS_MIB + " MiB tmpfs as one node's " + what
                + " and must run as root (CI does); mount failed: " + failed);
        }
        mount = at;
    }

    /** Deletes the ballast, restarts the victim and waits until it has caught up and accepts writes again. */
    private void freeSpaceAndRestartVictim(NodeProcesses cluster, BasaltClient client) throws Exception {
        Files.delete(mount.resolve("ballast"));
        cluster.kill(VICTIM);
        cluster.start(VICTIM);
        cluster.awaitCaughtUp(client, List.of(VICTIM));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> client.status(NodeId.of(VICTIM)).stopReason(1) == null);
    }

    /**
     * Hands the leadership to the victim. On a loaded machine one transfer can outlast the
     * client's 2 s call timeout, so it asks again.
     */
    private static void makeVictimLead(NodeProcesses cluster, BasaltClient client) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> {
                if (cluster.groupStatus(client, VICTIM).role() != RaftRole.LEADER) {
                    client.transferLeader(NodeId.of(VICTIM));
                }
                return cluster.groupStatus(client, VICTIM).role() == RaftRole.LEADER;
            });
    }

    /** What {@code basalt status} prints, run in this JVM. */
    private static String basaltStatus(NodeProcesses cluster) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, UTF_8));
            int exit = Main.commandLine().execute("status", "--nodes", cluster.peers);
            assertThat(exit).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(UTF_8);
    }

    /** Puts through the victim alone until it refuses; returns the refusal. */
    private static ClientException fillUntilFailure(BasaltClient victimOnly, Map<String, String> acknowledged) {
        char[] filler = new char[VALUE_BYTES];
        Random random = new Random(5);
        for (int i = 0; i < FILL_PUTS_MAX; i++) {
            for (int c = 0; c < filler.length; c++) {
                filler[c] = (char) ('a' + random.nextInt(26)); // RocksDB compresses its files: no runs
            }
            String key = "fill" + i;
            String value = new String(filler);
            try {
                victimOnly.put(key.getBytes(UTF_8), value.getBytes(UTF_8));
                acknowledged.put(key, value);
            } catch (ClientException e) {
                return e;
            }
        }
        throw new AssertionError(FILL_PUTS_MAX + " puts of " + VALUE_BYTES + " bytes fit in " + LEFT_BYTES
            + " bytes of disk: the disk never filled");
    }

    /** Fills the file system of {@code dir} until {@code leftBytes} are free; tmpfs counts written pages only. */
    private static void writeBallast(Path dir, long leftBytes) throws IOException {
        long fill = Files.getFileStore(dir).getUsableSpace() - leftBytes;
        assertThat(fill).as("room for the ballast").isPositive();
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 1);
        try (OutputStream out = Files.newOutputStream(dir.resolve("ballast"))) {
            for (long written = 0; written < fill; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, fill - written));
            }
        }
    }

    private static String value(Connection c, int k) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM t WHERE k = " + k)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private interface SqlCall {
        Object call() throws SQLException;
    }

    private static SQLException catchSql(SqlCall call) {
        try {
            Object result = call.call();
            throw new AssertionError("expected an SQL error, got " + result);
        } catch (SQLException e) {
            return e;
        }
    }

    private static String get(BasaltClient client, String key) throws ClientException {
        byte[] v = client.get(key.getBytes(UTF_8)).value();
        return v == null ? null : new String(v, UTF_8);
    }

    private static Connection connect(NodeProcesses cluster, String node) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "60");
        String url = "jdbc:postgresql://127.0.0.1:" + cluster.sqlPorts.get(node) + "/postgres";
        return DriverManager.getConnection(url, p);
    }

    /** Runs a command; returns null on success, else its exit status and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish in 30 s";
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + " exited with " + p.exitValue() + ": " + out;
    }
}
