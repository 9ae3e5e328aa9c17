package io.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.server.client.BasaltClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real node processes serving SQL, and pgjdbc clients on all three SQL ports running
 * transactions while the leader is killed with SIGKILL and restarted, twice. Each transaction
 * inserts one {@code transfers} row and increments its client's {@code totals} row. A failure
 * must carry a SQLSTATE a client can retry on; every acknowledged commit must survive; a
 * transaction that failed before its outcome was in doubt must leave nothing; and no snapshot,
 * during the run or after it, may see one of a transaction's two writes without the other.
 */
class SqlFailoverProcessTest {
    private static final int CLIENTS = 12;
    /** A client stops after this many transactions or when the workload stops, whichever comes first. */
    private static final int TXNS_PER_CLIENT_MAX = 1_000;
    /** Transfer ids are {@code client * ID_STRIDE + seq}. */
    private static final long ID_STRIDE = 1_000_000;
    /**
     * The workload runs at least this long and on for a while after the last restart (a loaded
     * machine starts a JVM slowly), but the clients stop by themselves at the maximum.
     */
    private static final long WORKLOAD_MS_MIN = 15_000;
    private static final long WORKLOAD_MS_MAX = 60_000;
    private static final long AFTER_LAST_RESTART_MS = 4_000;
    /**
     * When the leader is killed, counted from the start of the workload. A kill first waits
     * for the node restarted before it to catch up, so that it never takes a quorum down.
     */
    private static final long[] KILL_AT_MS = {3_000, 9_000};
    private static final long DOWN_MS = 2_000;
    /**
     * The SQLSTATEs a transaction may fail with while a leader dies: serialization failure,
     * deadlock, statement completion unknown, and the connection errors (lost, not open, the
     * server shutting down).
     */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "40003", "08006", "08003", "57P01");
    /** A COMMIT that fails with one of these was rolled back; any other failure leaves its outcome unknown. */
    private static final Set<String> ROLLED_BACK_AT_COMMIT = Set.of("40001", "40P01");
    /** What opening a connection to a node that is down (or still starting) may fail with. */
    private static final Set<String> CONNECT_REFUSED = Set.of("08001", "08006", "57P03");
    /**
     * Bounds that a healthy machine meets in a few seconds; JVMs starting on a loaded one
     * (a shared CI host) can take many times longer.
     */
    private static final Duration FIRST_LEADER_WITHIN = Duration.ofSeconds(60);
    /** The first commit after a kill, in the whole cluster: a new leader elected and serving SQL. */
    private static final Duration RECOVERY_WITHIN = Duration.ofSeconds(30);
    /** Creating the tables and the final reads: each retried this long after the leader is known. */
    private static final Duration SETUP_WITHIN = Duration.ofSeconds(30);
    /** pgjdbc gives up on an answer after this long (a lost connection, not a slow statement). */
    private static final int SOCKET_TIMEOUT_S = 30;
    /** Random pauses before a retry: up to this long; after a rollback, from 2 ms doubling with each one in a row. */
    private static final long BACKOFF_MS_MAX = 100;
    private static final long SNAPSHOT_EVERY_MS = 150;
    private static final int UNEXPECTED_SAMPLES_MAX = 10;

    @TempDir
    Path dir;

    /** How a transaction ended, as its client saw it. */
    private enum Outcome { COMMITTED, ROLLED_BACK, UNKNOWN }

    /** What one client saw; only its own thread writes it. */
    private static final class Ledger {
        final int client;
        final Set<Integer> acknowledged = new HashSet<>();
        final Set<Integer> unknown = new HashSet<>();

        Ledger(int client) {
            this.client = client;
        }
    }

    /** What every client saw, shared by their threads. */
    private static final class Tally {
        /** Failed transactions by SQLSTATE ("none" when the driver gave none), and those that failed at COMMIT. */
        final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> failedAtCommit = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> connectFailed = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        /** System.nanoTime() of every acknowledged commit. */
        final ConcurrentLinkedQueue<Long> commitTimes = new ConcurrentLinkedQueue<>();
        final AtomicInteger snapshots = new AtomicInteger();
        final AtomicInteger snapshotsFailed = new AtomicInteger();
        final ConcurrentLinkedQueue<String> halfApplied = new ConcurrentLinkedQueue<>();
        volatile long lastSnapshotNanos;

        void failure(String what, SQLException e, boolean atCommit, Set<String> allowed) {
            String state = e.getSQLState() == null ? "none" : e.getSQLState();
            (what.equals("connect") ? connectFailed : failed).computeIfAbsent(state, s -> new AtomicInteger())
                .incrementAndGet();
            if (atCommit) {
                failedAtCommit.computeIfAbsent(state, s -> new AtomicInteger()).incrementAndGet();
            }
            if (!allowed.contains(state) && unexpected.size() < UNEXPECTED_SAMPLES_MAX) {
                unexpected.add(what + (atCommit ? " (at COMMIT)" : "") + ": SQLSTATE " + state + ": " + e.getMessage());
            }
        }

        /** Commits acknowledged after {@code fromNanos} and before {@code toNanos}. */
        long committedBetween(long fromNanos, long toNanos) {
            return commitTimes.stream().filter(t -> t - fromNanos > 0 && t - toNanos < 0).count();
        }

        /** Milliseconds from {@code nanos} to the first commit acknowledged after it, -1 if none was. */
        long firstCommitMsAfter(long nanos) {
            long first = commitTimes.stream().mapToLong(t -> t - nanos).filter(d -> d > 0).min().orElse(-1);
            return first < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(first);
        }

        static String sorted(Map<String, AtomicInteger> m) {
            return new TreeMap<>(m).toString();
        }
    }

    /** How a transaction ended, and whether its connection is lost with it. */
    private record Attempt(Outcome outcome, boolean connectionLost) {}

    /** A leader killed with SIGKILL at {@code atNanos} (System.nanoTime()). */
    private record Kill(String node, long atNanos) {}

    @Test
    void acknowledgedCommitsSurviveLeaderKillsAndNoTransactionIsHalfApplied() throws Exception {
        Tally tally = new Tally();
        try (NodeProcesses cluster = new NodeProcesses(dir, 3, true); BasaltClient admin = cluster.client();
             ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1)) {
            cluster.startAll();
            cluster.awaitLeader(admin, FIRST_LEADER_WITHIN);
            createTables(cluster);

            long start = System.nanoTime();
            AtomicLong stopAt = new AtomicLong(start + ms(WORKLOAD_MS_MAX));
            List<Future<Ledger>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                clients.add(pool.submit(() -> transactions(cluster, client, tally, stopAt)));
            }
            Future<?> reader = pool.submit(() -> snapshots(cluster, tally, stopAt));
            List<Kill> kills = killLeaders(cluster, admin, tally, start);
            long stop = Math.max(start + ms(WORKLOAD_MS_MIN), System.nanoTime() + ms(AFTER_LAST_RESTART_MS));
            stopAt.accumulateAndGet(stop, (a, b) -> a - b < 0 ? a : b);
            List<Ledger> ledgers = new ArrayList<>();
            for (Future<Ledger> c : clients) {
                ledgers.add(c.get(WORKLOAD_MS_MAX + 60_000, TimeUnit.MILLISECONDS));
            }
            reader.get(60, TimeUnit.SECONDS);
            long end = System.nanoTime();
            List<Long> committedAfterKill = committedAfterEachKill(tally, kills, end);

            cluster.awaitCaughtUp(admin, kills.stream().map(Kill::node).toList());
            Map<String, Map<Integer, Set<Integer>>> viaNode = new TreeMap<>();
            for (String node : cluster.sqlPorts.keySet()) {
                viaNode.put(node, finalTransfers(cluster, node));
            }
            Map<Integer, Set<Integer>> rows = viaNode.values().iterator().next();
            int acknowledged = ledgers.stream().mapToInt(l -> l.acknowledged.size()).sum();
            int unknown = ledgers.stream().mapToInt(l -> l.unknown.size()).sum();
            long unknownApplied = ledgers.stream()
                .filter(l -> rows.containsKey(l.client))
                .mapToLong(l -> l.unknown.stream().filter(rows.get(l.client)::contains).count()).sum();
            System.out.printf("sql failover: committed=%d unknown=%d (%d applied) failed=%s atCommit=%s"
                    + " connectFailed=%s snapshots=%d (%d failed) kills=%s committedAfterEachKill=%s"
                    + " firstCommitMsAfterEachKill=%s seconds=%.1f%n",
                acknowledged, unknown, unknownApplied, Tally.sorted(tally.failed), Tally.sorted(tally.failedAtCommit),
                Tally.sorted(tally.connectFailed), tally.snapshots.get(), tally.snapshotsFailed.get(),
                kills.stream().map(Kill::node).toList(),
                committedAfterKill, kills.stream().map(k -> tally.firstCommitMsAfter(k.atNanos())).toList(),
                (end - start) / 1e9);

            assertThat(tally.unexpected).as("failures with a SQLSTATE outside %s (transactions) or %s (connecting)",
                RETRYABLE, CONNECT_REFUSED).isEmpty();
            assertThat(tally.failed).as("transactions failed while leaders were killed").isNotEmpty();
            assertThat(tally.halfApplied).as("snapshots that saw a transaction half applied").isEmpty();
            assertThat(tally.snapshots.get()).as("snapshots taken").isPositive();
            assertThat(tally.lastSnapshotNanos - kills.getLast().atNanos()).as("a snapshot read after the last kill")
                .isPositive();
            for (int i = 0; i < kills.size(); i++) {
                assertThat(committedAfterKill.get(i)).as("transactions committed after SIGKILL of leader %s and before"
                    + " the next kill or the end", kills.get(i).node()).isPositive();
            }
            assertThat(viaNode).as("the same rows read through every node's SQL port")
                .allSatisfy((node, seen) -> assertThat(seen).isEqualTo(rows));
            assertEveryRowAccountedFor(ledgers, rows);
        }
    }

    /** For each kill, the commits acknowledged after it and before the next kill (or {@code endNanos}). */
    private static List<Long> committedAfterEachKill(Tally tally, List<Kill> kills, long endNanos) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < kills.size(); i++) {
            long next = i + 1 < kills.size() ? kills.get(i + 1).atNanos() : endNanos;
            out.add(tally.committedBetween(kills.get(i).atNanos(), next));
        }
        return out;
    }

    /**
     * Every acknowledged transaction's row is present, and every present row's transaction was
     * acknowledged or ended unknown: none that was rolled back left its row behind. (The totals
     * were checked against these rows when they were read.)
     */
    private static void assertEveryRowAccountedFor(List<Ledger> ledgers, Map<Integer, Set<Integer>> rows) {
        for (Ledger l : ledgers) {
            Set<Integer> present = rows.getOrDefault(l.client, Set.of());
            assertThat(present).as("client %d: acknowledged commits are all present", l.client)
                .containsAll(l.acknowledged);
            Set<Integer> mayBe = new HashSet<>(l.acknowledged);
            mayBe.addAll(l.unknown);
            assertThat(mayBe).as("client %d: a present row was acknowledged or its outcome unknown,"
                + " never rolled back", l.client).containsAll(present);
        }
    }

    /** One client's transactions, until the workload stops; it reconnects when its connection is lost. */
    private static Ledger transactions(NodeProcesses cluster, int client, Tally tally, AtomicLong stopAt) {
        Ledger ledger = new Ledger(client);
        List<String> nodes = List.copyOf(cluster.sqlPorts.keySet());
        int node = client % nodes.size();
        Connection c = null;
        int rolledBackInARow = 0;
        try {
            for (int seq = 1; seq <= TXNS_PER_CLIENT_MAX && System.nanoTime() - stopAt.get() < 0; ) {
                if (c == null) {
                    try {
                        c = connect(cluster, nodes.get(node));
                        c.setAutoCommit(false);
                    } catch (SQLException e) {
                        tally.failure("connect", e, false, CONNECT_REFUSED);
                        c = null;
                        node = (node + 1) % nodes.size();
                        backOff(BACKOFF_MS_MAX);
                        continue;
                    }
                }
                Attempt a = transaction(c, client, seq, tally);
                Outcome o = a.outcome();
                if (a.connectionLost()) {
                    closeQuietly(c);
                    c = null;
                    node = (node + 1) % nodes.size();
                }
                switch (o) {
                    case COMMITTED -> ledger.acknowledged.add(seq);
                    case UNKNOWN -> ledger.unknown.add(seq);
                    case ROLLED_BACK -> backOff(Math.min(BACKOFF_MS_MAX, 2L << Math.min(rolledBackInARow, 10)));
                }
                // An unknown outcome is not retried: its row may be there already.
                if (o != Outcome.ROLLED_BACK) {
                    seq++;
                }
                rolledBackInARow = o == Outcome.ROLLED_BACK ? rolledBackInARow + 1 : 0;
            }
        } finally {
            closeQuietly(c);
        }
        return ledger;
    }

    /** Inserts transfer {@code seq} of {@code client} and counts it in the client's total, in one transaction. */
    private static Attempt transaction(Connection c, int client, int seq, Tally tally) {
        boolean committing = false;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO transfers (id, client, seq) VALUES (?, ?, ?)");
             PreparedStatement count = c.prepareStatement("UPDATE totals SET n = n + 1 WHERE client = ?")) {
            insert.setLong(1, client * ID_STRIDE + seq);
            insert.setInt(2, client);
            insert.setInt(3, seq);
            assertThat(insert.executeUpdate()).as("rows inserted").isEqualTo(1);
            count.setInt(1, client);
            assertThat(count.executeUpdate()).as("totals rows of client %d updated", client).isEqualTo(1);
            committing = true;
            c.commit();
            tally.commitTimes.add(System.nanoTime());
            return new Attempt(Outcome.COMMITTED, false);
        } catch (SQLException e) {
            tally.failure("transaction", e, committing, RETRYABLE);
            Outcome outcome = committing && !ROLLED_BACK_AT_COMMIT.contains(e.getSQLState()) ? Outcome.UNKNOWN
                : Outcome.ROLLED_BACK;
            if (connectionLost(c, e)) {
                return new Attempt(outcome, true);
            }
            try {
                c.rollback();
                return new Attempt(outcome, false);
            } catch (SQLException r) {
                return new Attempt(outcome, true);
            }
        }
    }

    /**
     * Read-only snapshots until the workload stops: in each, every client's total equals its
     * number of transfer rows.
     */
    private static void snapshots(NodeProcesses cluster, Tally tally, AtomicLong stopAt) {
        List<String> nodes = List.copyOf(cluster.sqlPorts.keySet());
        int node = 0;
        Connection c = null;
        try {
            while (System.nanoTime() - stopAt.get() < 0) {
                try {
                    if (c == null) {
                        c = connect(cluster, nodes.get(node));
                        c.setAutoCommit(false);
                        c.setReadOnly(true);
                    }
                    Map<Integer, Long> totals = longs(c, "SELECT client, n FROM totals");
                    Map<Integer, Long> counts = longs(c, "SELECT client, count(*) FROM transfers GROUP BY client");
                    c.commit();
                    tally.snapshots.incrementAndGet();
                    tally.lastSnapshotNanos = System.nanoTime();
                    totals.forEach((client, n) -> {
                        long rows = counts.getOrDefault(client, 0L);
                        if (rows != n) {
                            tally.halfApplied.add("client " + client + ": total " + n + ", " + rows + " transfer rows");
                        }
                    });
                    if (totals.size() != CLIENTS) {
                        tally.halfApplied.add("snapshot saw " + totals.size() + " totals rows: " + totals);
                    }
                    LockSupport.parkNanos(ms(SNAPSHOT_EVERY_MS));
                } catch (SQLException e) {
                    if (c == null) {
                        tally.failure("connect", e, false, CONNECT_REFUSED);
                    } else {
                        tally.snapshotsFailed.incrementAndGet();
                        tally.failure("snapshot", e, false, RETRYABLE);
                        if (connectionLost(c, e)) {
                            closeQuietly(c);
                            c = null;
                        } else {
                            rollbackQuietly(c);
                        }
                    }
                    if (c == null) {
                        node = (node + 1) % nodes.size();
                    }
                    backOff(BACKOFF_MS_MAX);
                }
            }
        } finally {
            closeQuietly(c);
        }
    }

    /** Every transfer row (client to seqs) read through {@code node}'s SQL port; checks the totals in the same read. */
    private static Map<Integer, Set<Integer>> finalTransfers(NodeProcesses cluster, String node) throws SQLException {
        Map<Integer, Set<Integer>> rows = new HashMap<>();
        retrying(() -> {
            rows.clear();
            try (Connection c = connect(cluster, node); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                Map<Integer, Long> totals = longs(c, "SELECT client, n FROM totals");
                try (ResultSet rs = s.executeQuery("SELECT client, seq FROM transfers")) {
                    while (rs.next()) {
                        assertThat(rows.computeIfAbsent(rs.getInt(1), k -> new HashSet<>()).add(rs.getInt(2)))
                            .as("transfer row %d/%d read once", rs.getInt(1), rs.getInt(2)).isTrue();
                    }
                }
                c.commit();
                assertThat(totals).as("totals read through %s", node).hasSize(CLIENTS)
                    .allSatisfy((client, n) -> assertThat(n).as("client %d: total equals its transfer rows", client)
                        .isEqualTo(rows.getOrDefault(client, Set.of()).size()));
            }
        });
        return rows;
    }

    /** Creates the tables and one zero total per client. */
    private static void createTables(NodeProcesses cluster) throws SQLException {
        String node = cluster.sqlPorts.keySet().iterator().next();
        retrying(() -> {
            try (Connection c = connect(cluster, node); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS transfers (id bigint PRIMARY KEY, client int NOT NULL,"
                    + " seq int NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS totals (client int PRIMARY KEY, n bigint NOT NULL)");
                c.setAutoCommit(false);
                s.execute("DELETE FROM totals");
                for (int i = 0; i < CLIENTS; i++) {
                    s.execute("INSERT INTO totals VALUES (" + i + ", 0)");
                }
                c.commit();
            }
        });
    }

    /** SQL work that opens a connection of its own, so that {@link #retrying} can run it again. */
    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} until it succeeds, while a leader is being elected or a node starts;
     * any other failure, or one that lasts {@link #SETUP_WITHIN}, is the test's failure.
     */
    private static void retrying(SqlWork work) throws SQLException {
        long until = System.nanoTime() + SETUP_WITHIN.toNanos();
        while (true) {
            try {
                work.run();
                return;
            } catch (SQLException e) {
                boolean retryable = RETRYABLE.contains(e.getSQLState()) || CONNECT_REFUSED.contains(e.getSQLState());
                if (!retryable || System.nanoTime() - until > 0) {
                    throw e;
                }
                backOff(BACKOFF_MS_MAX);
            }
        }
    }

    /**
     * Kills the leader at each of {@link #KILL_AT_MS} and restarts it {@link #DOWN_MS} later.
     * A kill first waits (up to {@link #RECOVERY_WITHIN}) for a commit after the one before it,
     * so that each kill is one the cluster recovered from on its own.
     */
    private static List<Kill> killLeaders(NodeProcesses cluster, BasaltClient admin, Tally tally, long start)
        throws Exception {
        List<Kill> kills = new ArrayList<>();
        for (long at : KILL_AT_MS) {
            sleepUntil(start + ms(at));
            if (!kills.isEmpty()) {
                long until = System.nanoTime() + RECOVERY_WITHIN.toNanos();
                while (tally.firstCommitMsAfter(kills.getLast().atNanos()) < 0 && System.nanoTime() - until < 0) {
                    Thread.sleep(50);
                }
            }
            cluster.awaitCaughtUp(admin, kills.stream().map(Kill::node).toList());
            String leader = cluster.awaitLeader(admin, Duration.ofSeconds(10));
            cluster.kill(leader);
            kills.add(new Kill(leader, System.nanoTime()));
            Thread.sleep(DOWN_MS);
            cluster.start(leader);
        }
        return kills;
    }

    private static Connection connect(NodeProcesses cluster, String node) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", "");
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "10");
        p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_S));
        String url = "jdbc:postgresql://127.0.0.1:" + cluster.sqlPorts.get(node) + "/postgres";
        return DriverManager.getConnection(url, p);
    }

    /** The connection itself failed (class 08, an administrator's shutdown), not only the transaction on it. */
    private static boolean connectionLost(Connection c, SQLException e) {
        String state = e.getSQLState();
        try {
            return state == null || state.startsWith("08") || state.equals("57P01") || c.isClosed();
        } catch (SQLException closed) {
            return true;
        }
    }

    private static Map<Integer, Long> longs(Connection c, String sql) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the next statement on it finds out
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // already gone
        }
    }

    private static void backOff(long msMax) {
        LockSupport.parkNanos(ms(1 + ThreadLocalRandom.current().nextLong(msMax)));
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
