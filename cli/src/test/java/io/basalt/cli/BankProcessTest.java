package io.basalt.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.NettyBasaltClient;
import io.basalt.server.client.Row;
import io.basalt.server.client.Transaction;
import io.basalt.txn.Isolation;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Three real node processes and 32 clients moving money between ten accounts while the leader
 * is killed with SIGKILL and restarted, twice. A transfer preserves the sum, so whatever
 * committed, aborted or ended unknown, every snapshot and the final state must hold exactly the
 * money the accounts started with; and the cluster must go on committing after each kill.
 */
class BankProcessTest {
    private static final int ACCOUNTS = 10;
    private static final int BALANCE_INITIAL = 1_000;
    private static final int TOTAL = ACCOUNTS * BALANCE_INITIAL;
    private static final int CLIENTS = 32;
    private static final int AMOUNT_MAX = 50;
    /** A client stops after this many transfers or when the workload stops, whichever comes first. */
    private static final int TRANSFERS_PER_CLIENT_MAX = 1_000;
    /**
     * The workload runs at least this long and on for a while after the last restart (a loaded
     * machine starts a JVM slowly), but the clients stop by themselves at the maximum.
     */
    private static final long WORKLOAD_MS_MIN = 17_000;
    private static final long WORKLOAD_MS_MAX = 60_000;
    private static final long AFTER_LAST_RESTART_MS = 4_000;
    /**
     * When the leader is killed, counted from the start of the workload. A kill first waits
     * for the node restarted before it to catch up, so that it never takes a quorum down.
     */
    private static final long[] KILL_AT_MS = {3_000, 9_000};
    private static final long DOWN_MS = 2_000;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Bounds that a healthy machine meets in a few seconds; JVMs starting on a loaded one
     * (a shared CI host) can take many times longer.
     */
    private static final Duration FIRST_LEADER_WITHIN = Duration.ofSeconds(60);
    private static final Duration CATCH_UP_WITHIN = Duration.ofSeconds(45);
    /** Random pauses before a retry: up to this long; after an abort, from 2 ms doubling with each one in a row. */
    private static final long BACKOFF_MS_MAX = 100;

    @TempDir
    Path dir;

    /** What the clients saw, shared by their threads. */
    private static final class Tally {
        final AtomicInteger committed = new AtomicInteger();
        final AtomicInteger unknown = new AtomicInteger();
        /** Failed attempts that were retried, by SQLSTATE ("none": no SQLSTATE, e.g. no leader yet). */
        final Map<String, AtomicInteger> retried = new ConcurrentHashMap<>();
        /** System.nanoTime() of every acknowledged commit. */
        final ConcurrentLinkedQueue<Long> commitTimes = new ConcurrentLinkedQueue<>();

        void retry(ClientException e) {
            retried.computeIfAbsent(e.sqlState() == null ? "none" : e.sqlState(), s -> new AtomicInteger())
                .incrementAndGet();
        }

        long committedAfter(long nanos) {
            return commitTimes.stream().filter(t -> t - nanos > 0).count();
        }
    }

    /** The sum and number of the accounts in one read-only snapshot, and when it was read. */
    private record Snapshot(long atNanos, int total, int rows) {}

    /** A leader killed with SIGKILL at {@code atNanos} (System.nanoTime()). */
    private record Kill(String node, long atNanos) {}

    @Test
    void transfersFrom32ClientsKeepTheTotalAcrossLeaderKillsAndTheRestartedNodesCatchUp() throws Exception {
        Tally tally = new Tally();
        try (NodeProcesses cluster = new NodeProcesses(dir, 3); BasaltClient admin = client(cluster);
             ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1)) {
            cluster.startAll();
            cluster.awaitLeader(admin, FIRST_LEADER_WITHIN);
            openAccounts(admin);

            long start = System.nanoTime();
            AtomicLong stopAt = new AtomicLong(start + ms(WORKLOAD_MS_MAX));
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(pool.submit(() -> transfers(cluster, tally, stopAt)));
            }
            AtomicInteger snapshotErrors = new AtomicInteger();
            Future<List<Snapshot>> reader = pool.submit(() -> readTotals(cluster, stopAt, snapshotErrors));
            List<Kill> kills = killLeaders(cluster, admin, start);
            long stop = Math.max(start + ms(WORKLOAD_MS_MIN), System.nanoTime() + ms(AFTER_LAST_RESTART_MS));
            stopAt.accumulateAndGet(stop, (a, b) -> a - b < 0 ? a : b);
            for (Future<?> c : clients) {
                c.get(WORKLOAD_MS_MAX + 30_000, TimeUnit.MILLISECONDS);
            }
            List<Snapshot> snapshots = reader.get(30, TimeUnit.SECONDS);
            System.out.printf("bank: committed=%d retried=%s unknown=%d snapshots=%d (%d failed) kills=%s"
                    + " committedAfterEachKill=%s seconds=%.1f%n", tally.committed.get(), new TreeMap<>(tally.retried),
                tally.unknown.get(), snapshots.size(), snapshotErrors.get(), kills.stream().map(Kill::node).toList(),
                kills.stream().map(k -> tally.committedAfter(k.atNanos())).toList(), (System.nanoTime() - start) / 1e9);

            assertThat(snapshots).as("every snapshot sees every account and the whole total").allSatisfy(s -> {
                assertThat(s.rows()).isEqualTo(ACCOUNTS);
                assertThat(s.total()).isEqualTo(TOTAL);
            });
            assertThat(snapshots).as("snapshots read after the last kill")
                .anyMatch(s -> s.atNanos() - kills.getLast().atNanos() > 0);
            for (Kill k : kills) {
                assertThat(tally.committedAfter(k.atNanos()))
                    .as("transfers committed after SIGKILL of leader %s", k.node()).isPositive();
            }
            List<String> restarted = kills.stream().map(Kill::node).toList();
            awaitCaughtUp(cluster, admin, restarted);
            Map<String, Integer> balances = balances(admin);
            assertThat(balances).as("final balances").hasSize(ACCOUNTS)
                .allSatisfy((k, v) -> assertThat(v).isNotNegative());
            assertThat(balances.values().stream().mapToInt(Integer::intValue).sum()).as("final total").isEqualTo(TOTAL);
            assertThat(balances.values()).as("money moved").anyMatch(v -> v != BALANCE_INITIAL);

            // The client cannot ask a node for its state digest: read the accounts again with a restarted node leading.
            String node = restarted.getFirst();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                if (cluster.groupStatus(admin, node).role() == RaftRole.LEADER) {
                    return true;
                }
                admin.transferLeader(NodeId.of(node));
                return false;
            });
            assertThat(balances(admin)).as("balances read with %s, restarted, leading", node).isEqualTo(balances);
        }
    }

    /** One client's loop of transfers; it stops by itself. */
    private static Void transfers(NodeProcesses cluster, Tally tally, AtomicLong stopAt) {
        try (BasaltClient client = client(cluster)) {
            for (int n = 0; n < TRANSFERS_PER_CLIENT_MAX && System.nanoTime() - stopAt.get() < 0; n++) {
                transfer(client, tally, stopAt);
            }
        }
        return null;
    }

    /** Moves a random amount between two accounts, retrying the whole transaction until it commits or time is up. */
    private static void transfer(BasaltClient client, Tally tally, AtomicLong stopAt) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int from = rnd.nextInt(ACCOUNTS);
        int to = (from + 1 + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        int amount = 1 + rnd.nextInt(AMOUNT_MAX);
        for (int attempt = 0; System.nanoTime() - stopAt.get() < 0; attempt++) {
            try (Transaction t = client.begin()) {
                int a = balance(t.get(account(from)), from);
                int b = balance(t.get(account(to)), to);
                int moved = Math.min(amount, a);
                t.put(account(from), bytes(a - moved));
                t.put(account(to), bytes(b + moved));
                try {
                    t.commit();
                } catch (ClientException e) {
                    if (!e.outcomeUnknown()) {
                        throw e;
                    }
                    // It may or may not have happened; either way the sum is the same.
                    tally.unknown.incrementAndGet();
                    return;
                }
                tally.commitTimes.add(System.nanoTime());
                tally.committed.incrementAndGet();
                return;
            } catch (ClientException e) {
                // Aborted (deadlock victim, leader change): retry it whole. Otherwise there may be
                // no leader yet, or the old one never answered: the pause lets the election finish.
                tally.retry(e);
                backOff(e.transactionAborted() ? Math.min(BACKOFF_MS_MAX, 2L << Math.min(attempt, 10))
                    : BACKOFF_MS_MAX);
            }
        }
    }

    /** Read-only snapshots of every account until the workload stops. */
    private static List<Snapshot> readTotals(NodeProcesses cluster, AtomicLong stopAt, AtomicInteger errors) {
        List<Snapshot> seen = new ArrayList<>();
        try (BasaltClient client = client(cluster)) {
            while (System.nanoTime() - stopAt.get() < 0) {
                try (Transaction t = client.begin(true, Isolation.SERIALIZABLE)) {
                    List<Row> rows = t.scan(account(0), accountsEnd(), 0);
                    t.commit();
                    int total = rows.stream().mapToInt(r -> Integer.parseInt(r.valueString())).sum();
                    seen.add(new Snapshot(System.nanoTime(), total, rows.size()));
                } catch (ClientException e) {
                    errors.incrementAndGet();
                    backOff(BACKOFF_MS_MAX);
                }
            }
        }
        return seen;
    }

    /** Kills the leader at each of {@link #KILL_AT_MS} and restarts it {@link #DOWN_MS} later. */
    private static List<Kill> killLeaders(NodeProcesses cluster, BasaltClient admin, long start) throws Exception {
        List<Kill> kills = new ArrayList<>();
        for (long at : KILL_AT_MS) {
            sleepUntil(start + ms(at));
            awaitCaughtUp(cluster, admin, kills.stream().map(Kill::node).toList());
            String leader = cluster.awaitLeader(admin, Duration.ofSeconds(10));
            cluster.kill(leader);
            kills.add(new Kill(leader, System.nanoTime()));
            Thread.sleep(DOWN_MS);
            cluster.start(leader);
        }
        return kills;
    }

    /**
     * Every restarted node follows again (or leads) and has applied what the leader had
     * committed. If one does not, the failure shows its last status and the end of its log.
     */
    private static void awaitCaughtUp(NodeProcesses cluster, BasaltClient admin, List<String> restarted)
        throws Exception {
        if (restarted.isEmpty()) {
            return;
        }
        String leader = cluster.awaitLeader(admin, Duration.ofSeconds(10));
        long commit = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
            .until(() -> cluster.groupStatus(admin, leader).commitIndex(), c -> c > 0);
        for (String id : restarted) {
            long until = System.nanoTime() + CATCH_UP_WITHIN.toNanos();
            Object last = "no answer";
            while (true) {
                try {
                    RaftStatus s = cluster.groupStatus(admin, id);
                    last = s;
                    // It may have been elected again since its restart.
                    boolean member = s.role() == RaftRole.FOLLOWER || s.role() == RaftRole.LEADER;
                    if (member && s.appliedIndex() >= commit) {
                        break;
                    }
                } catch (ClientException e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() - until > 0) {
                    String log = cluster.log(id);
                    throw new AssertionError("restarted " + id + " did not apply index " + commit + " within "
                        + CATCH_UP_WITHIN + "; last status: " + last + "; end of its log:\n"
                        + log.substring(Math.max(0, log.length() - 3_000)));
                }
                Thread.sleep(200);
            }
        }
    }

    private static void openAccounts(BasaltClient client) {
        // Retried until it commits: writing the same balances again is harmless.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .ignoreException(ClientException.class).until(() -> {
                try (Transaction t = client.begin()) {
                    for (int i = 0; i < ACCOUNTS; i++) {
                        t.put(account(i), bytes(BALANCE_INITIAL));
                    }
                    t.commit();
                }
                return true;
            });
        assertThat(balances(client).values()).containsOnly(BALANCE_INITIAL).hasSize(ACCOUNTS);
    }

    /** Account key to balance, from one read-only snapshot. */
    private static Map<String, Integer> balances(BasaltClient client) {
        Map<String, Integer> out = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .ignoreException(ClientException.class).until(() -> {
                out.clear();
                try (Transaction t = client.begin(true, Isolation.SERIALIZABLE)) {
                    for (Row r : t.scan(account(0), accountsEnd(), 0)) {
                        out.put(r.keyString(), Integer.parseInt(r.valueString()));
                    }
                    t.commit();
                }
                return true;
            });
        return out;
    }

    /** A client of its own, with a timeout that outlasts an election. */
    private static BasaltClient client(NodeProcesses cluster) {
        Map<NodeId, InetSocketAddress> nodes = new LinkedHashMap<>();
        cluster.ports.forEach((id, port) -> nodes.put(NodeId.of(id), new InetSocketAddress("127.0.0.1", port)));
        return NettyBasaltClient.connect("basalt", nodes, CLIENT_TIMEOUT);
    }

    private static int balance(byte[] value, int account) {
        if (value == null) {
            throw new AssertionError("account " + account + " vanished");
        }
        int b = Integer.parseInt(new String(value, UTF_8));
        if (b < 0) {
            throw new AssertionError("account " + account + " is negative: " + b);
        }
        return b;
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

    private static byte[] account(int i) {
        return ("acct/" + i).getBytes(UTF_8);
    }

    /** The first key after every account key: '0' follows '/'. */
    private static byte[] accountsEnd() {
        return "acct0".getBytes(UTF_8);
    }

    private static byte[] bytes(int n) {
        return Integer.toString(n).getBytes(UTF_8);
    }
}
