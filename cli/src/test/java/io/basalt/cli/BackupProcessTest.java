package io.basalt.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basalt admin backup} while writes go on, and {@code basalt start --restore} of a new
 * three-node cluster from it, with real processes: the new cluster serves exactly the state at
 * the backup's index (everything acknowledged before the backup began, nothing written after
 * it ended, no transaction in part), SQL tables included, and takes new writes. Damaged backups and misuse are
 * refused with the file or directory named.
 */
class BackupProcessTest {
    private static final Pattern BACKED_UP = Pattern.compile("backup of group 1 at index (\\d+) \\(term (\\d+)\\)");

    @TempDir
    Path dir;

    @Test
    void aBackupTakenDuringWritesRestoresANewClusterWithExactlyTheStateAtItsIndex() throws Exception {
        Path backup = dir.resolve("backup");
        AtomicLong puts = new AtomicLong();
        AtomicLong txns = new AtomicLong();
        long putsBefore;
        long txnsBefore;
        long putsAfter;
        long txnsAfter;
        String peersA;
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        try (NodeProcesses a = new NodeProcesses(dir.resolve("a"), 3, true).withStartArgs("--snapshot-entries", "200");
             BasaltClient client = a.client();
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            peersA = a.peers;
            a.startAll();
            a.awaitLeader(client, Duration.ofSeconds(90));
            try (Connection sql = connect(a, "n1"); Statement st = sql.createStatement()) {
                st.execute("CREATE TABLE accounts (id INT PRIMARY KEY, owner TEXT NOT NULL, balance BIGINT NOT NULL)");
                st.execute("INSERT INTO accounts VALUES " + String.join(", ", LongStream
                    .rangeClosed(1, 200).mapToObj(i -> "(" + i + ", 'owner " + i + "', " + i * 10 + ")").toList()));
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> writers = List.of(pool.submit(() -> putKeys(a, stop, puts)),
                pool.submit(() -> writePairs(a, stop, txns)));
            await().atMost(Duration.ofSeconds(90)).until(() -> puts.get() >= 300 && txns.get() >= 50);
            putsBefore = puts.get();
            txnsBefore = txns.get();
            Result r = run(dir.resolve("backup.log"), "admin", "backup", backup.toString(), "--peers", a.peers,
                "--progress", "lines");
            putsAfter = puts.get();
            txnsAfter = txns.get();
            assertThat(r.exit).as("backup exit; output:%n%s", r.output).isZero();
            assertThat(r.output).contains("backup: copying").contains("backup: copying done");
            // The writes go on after the backup; none of them may appear in the restored cluster.
            await().atMost(Duration.ofSeconds(90)).until(() -> puts.get() >= putsAfter + 100);
            stop.set(true);
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (String id : a.ports.keySet()) {
                Path staging = dir.resolve("a").resolve(id).resolve("backup-staging");
                assertThat(!Files.exists(staging) || isEmpty(staging)).as("%s released its checkpoint", id).isTrue();
            }
        }
        Matcher m = BACKED_UP.matcher(Files.readString(dir.resolve("backup.log")));
        assertThat(m.find()).isTrue();
        long index = Long.parseLong(m.group(1));
        assertThat(backup.resolve("MANIFEST")).content().contains("applied_index: " + index).contains("sha256: ");

        try (NodeProcesses b = new NodeProcesses(dir.resolve("b"), 3, true).withStartArgs("--restore", backup.toString(),
                "--progress", "lines");
             BasaltClient client = b.client()) {
            assertThat(b.peers).isNotEqualTo(peersA);
            b.startAll();
            b.awaitLeader(client, Duration.ofSeconds(90));
            for (String id : b.ports.keySet()) {
                assertThat(b.log(id)).contains("restore: verifying").contains("restored group 1 at index " + index);
            }
            // Single writers, each waiting for an acknowledgement before the next write: the
            // state at any index holds a prefix of each one's writes.
            long keys = prefix(client, "k", puts.get() + 2);
            assertThat(keys).as("keys present: all acknowledged before the backup began, none written after it ended")
                .isBetween(putsBefore, putsAfter + 1);
            long pairs = 0;
            for (long i = 0; i <= txns.get() + 1; i++) {
                byte[] x = get(client, "a" + i);
                byte[] y = get(client, "b" + i);
                assertThat(x == null).as("transaction %d's two writes are both there or both absent", i)
                    .isEqualTo(y == null);
                if (x != null) {
                    assertThat(pairs).as("transactions form a prefix").isEqualTo(i);
                    pairs++;
                }
            }
            assertThat(pairs).isBetween(txnsBefore, txnsAfter + 1);
            System.out.printf("backup at index %d: %d of %d puts and %d of %d transactions (acknowledged before the"
                + " backup: %d and %d)%n", index, keys, puts.get(), pairs, txns.get(), putsBefore, txnsBefore);

            try (Connection sql = connect(b, "n2"); Statement st = sql.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT count(*), sum(balance) FROM accounts")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).as("rows of the table created before the backup").isEqualTo(200);
                    assertThat(rs.getLong(2)).isEqualTo(10L * 200 * 201 / 2);
                }
                assertThat(st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id <= 10")).isEqualTo(10);
                st.execute("INSERT INTO accounts VALUES (201, 'new', 0)");
                try (ResultSet rs = st.executeQuery("SELECT count(*), sum(balance) FROM accounts")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(201);
                    assertThat(rs.getLong(2)).isEqualTo(10L * 200 * 201 / 2 + 10);
                }
            }
            assertThat(client.put("after".getBytes(UTF_8), "restore".getBytes(UTF_8)).ok()).isTrue();
            assertThat(new String(client.get("after".getBytes(UTF_8)).value(), UTF_8)).isEqualTo("restore");
            String leader = b.awaitLeader(client, Duration.ofSeconds(10));
            assertThat(b.groupStatus(client, leader).commitIndex()).isGreaterThan(index);
        }

        refusals(backup);
    }

    /** Misuse and damage, each refused with a message naming what is wrong, nothing half-done. */
    private void refusals(Path backup) throws Exception {
        Result notEmpty = run(dir.resolve("r1.log"), "admin", "backup", backup.toString(), "--peers",
            "n1=127.0.0.1:1");
        assertThat(notEmpty.exit).isEqualTo(1);
        assertThat(notEmpty.output).contains("backup directory " + backup + " exists and is not empty");

        Result unreachable = run(dir.resolve("r2.log"), "admin", "backup", dir.resolve("fresh").toString(),
            "--peers", "n1=127.0.0.1:1", "--timeout-ms", "1000");
        assertThat(unreachable.exit).isEqualTo(1);
        assertThat(unreachable.output).contains("backup failed");
        assertThat(dir.resolve("fresh")).doesNotExist();

        Path used = dir.resolve("b").resolve("n1");
        Result intoUsed = run(dir.resolve("r3.log"), restoreArgs(used, backup));
        assertThat(intoUsed.exit).isEqualTo(1);
        assertThat(intoUsed.output).contains("data directory " + used + " is not empty");

        Path sst;
        try (Stream<Path> files = Files.list(backup.resolve("state"))) {
            sst = files.filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(sst);
        bytes[bytes.length / 2] ^= 1;
        Files.write(sst, bytes);
        Path fresh = dir.resolve("c").resolve("n1");
        Result corrupt = run(dir.resolve("r4.log"), restoreArgs(fresh, backup));
        assertThat(corrupt.exit).isEqualTo(1);
        assertThat(corrupt.output).contains("is damaged: file state/" + sst.getFileName());
        assertThat(!Files.exists(fresh) || isEmpty(fresh)).as("nothing restored").isTrue();
    }

    private static Connection connect(NodeProcesses cluster, String node) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.sqlPorts.get(node) + "/postgres",
            "app", "");
    }

    private static String[] restoreArgs(Path dataDir, Path backup) {
        return new String[] {"start", "--id", "n1", "--listen", "127.0.0.1:1", "--peers", "n1=127.0.0.1:1",
            "--data-dir", dataDir.toString(), "--restore", backup.toString(), "--progress", "none"};
    }

    private static long prefix(BasaltClient client, String prefix, long upTo) throws ClientException {
        long present = 0;
        for (long i = 0; i <= upTo; i++) {
            byte[] v = get(client, prefix + i);
            if (v != null) {
                assertThat(present).as("key %s%d present after a gap", prefix, i).isEqualTo(i);
                assertThat(new String(v, UTF_8)).isEqualTo("value-" + i);
                present++;
            }
        }
        return present;
    }

    private static byte[] get(BasaltClient client, String key) throws ClientException {
        return client.get(key.getBytes(UTF_8)).value();
    }

    private static Void putKeys(NodeProcesses cluster, AtomicBoolean stop, AtomicLong acknowledged) {
        try (BasaltClient client = cluster.client()) {
            for (long i = 0; !stop.get(); i++) {
                while (true) {
                    try {
                        if (client.put(("k" + i).getBytes(UTF_8), ("value-" + i).getBytes(UTF_8)).ok()) {
                            acknowledged.incrementAndGet();
                            break;
                        }
                    } catch (ClientException e) {
                        Thread.sleep(20); // an election: the same put again is idempotent
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Transactions writing a{i} and b{i} together. */
    private static Void writePairs(NodeProcesses cluster, AtomicBoolean stop, AtomicLong acknowledged) {
        try (BasaltClient client = cluster.client()) {
            for (long i = 0; !stop.get(); i++) {
                while (true) {
                    try (Transaction t = client.begin()) {
                        t.put(("a" + i).getBytes(UTF_8), ("x" + i).getBytes(UTF_8));
                        t.put(("b" + i).getBytes(UTF_8), ("y" + i).getBytes(UTF_8));
                        t.commit();
                        acknowledged.incrementAndGet();
                        break;
                    } catch (ClientException e) {
                        Thread.sleep(20); // aborted or in doubt: writing the same values again is harmless
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private record Result(int exit, String output) {}

    private static Result run(Path log, String... args) throws IOException, InterruptedException {
        Process p = NodeProcesses.launch(List.of(args), log);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", List.of(args)).isTrue();
        return new Result(p.exitValue(), Files.readString(log));
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }
}
