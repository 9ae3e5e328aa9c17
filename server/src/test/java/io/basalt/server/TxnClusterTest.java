package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.common.SqlState;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.Row;
import io.basalt.server.client.Transaction;
import io.basalt.txn.Isolation;
import io.basalt.txn.Timestamp;
import io.basalt.txn.engine.TxnStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interactive transactions on three real nodes with fsync on, through the client. */
class TxnClusterTest {
    @TempDir
    Path dir;

    @Test
    void committedWritesAppearTogetherAndAbortedOnesNever() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3)) {
            NodeId leader = c.awaitLeader();
            try (BasaltClient client = c.clientOf(c.anyFollower(leader))) {
                Timestamp commitTs;
                try (Transaction t = client.begin()) {
                    t.put(b("a"), b("1"));
                    t.put(b("b"), b("2"));
                    assertThat(t.get(b("a"))).as("reads its own writes").isEqualTo(b("1"));
                    assertThat(client.get(b("a")).found()).as("invisible before commit").isFalse();
                    commitTs = t.commit();
                }
                assertThat(commitTs).isNotNull();
                assertThat(client.get(b("a")).value()).isEqualTo(b("1"));
                assertThat(client.get(b("b")).value()).isEqualTo(b("2"));

                try (Transaction t = client.begin()) {
                    t.put(b("a"), b("changed"));
                    t.delete(b("b"));
                    t.abort();
                }
                assertThat(client.get(b("a")).value()).isEqualTo(b("1"));
                assertThat(client.get(b("b")).value()).isEqualTo(b("2"));

                try (Transaction t = client.begin()) {
                    t.put(b("c"), b("3"));
                    t.delete(b("a"));
                    List<Row> rows = t.scan(new byte[0], null, 0);
                    assertThat(rows).extracting(Row::keyString).containsExactly("b", "c");
                    t.commit();
                }
                assertThat(client.get(b("a")).found()).isFalse();
            }
            c.awaitConverged();
        }
    }

    @Test
    void aDeadlockAbortsTheYoungerWith40P01AndTheOtherCommits() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient one = c.client(); BasaltClient two = c.client();
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            c.awaitLeader();
            Transaction older = one.begin();
            Transaction younger = two.begin();
            older.put(b("x"), b("older"));
            younger.put(b("y"), b("younger"));
            Future<byte[]> olderWaits = pool.submit(() -> older.get(b("y")));
            awaitLockWaiters(c, 1); // the older one queues behind the younger's lock
            assertThatThrownBy(() -> younger.get(b("x")))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo(SqlState.DEADLOCK_DETECTED);
                    assertThat(e.transactionAborted()).isTrue();
                });
            assertThat(olderWaits.get(10, TimeUnit.SECONDS)).as("the younger's write was discarded").isNull();
            older.commit();
            assertThat(one.get(b("x")).value()).isEqualTo(b("older"));
            assertThat(one.get(b("y")).found()).isFalse();
        }
    }

    @Test
    void concurrentTransfersKeepTheTotalAndSnapshotsSeeItWhole() throws Exception {
        int accounts = 8;
        int threads = 8;
        int transfersEach = 25;
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient setup = c.client();
             ExecutorService pool = Executors.newFixedThreadPool(threads + 1)) {
            c.awaitLeader();
            try (Transaction t = setup.begin()) {
                for (int i = 0; i < accounts; i++) {
                    t.put(account(i), b("100"));
                }
                t.commit();
            }
            AtomicInteger committed = new AtomicInteger();
            AtomicInteger retried = new AtomicInteger();
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                work.add(pool.submit(() -> {
                    try (BasaltClient client = c.client()) {
                        for (int i = 0; i < transfersEach; i++) {
                            transfer(client, committed, retried);
                        }
                    }
                    return null;
                }));
            }
            CompletableFuture<List<Integer>> totals = CompletableFuture.supplyAsync(() -> {
                List<Integer> seen = new ArrayList<>();
                try (BasaltClient reader = c.client()) {
                    while (work.stream().anyMatch(f -> !f.isDone())) {
                        try (Transaction snap = reader.begin(true, Isolation.SERIALIZABLE)) {
                            seen.add(snap.scan(b("acct/"), b("acct0"), 0).stream()
                                .mapToInt(r -> Integer.parseInt(r.valueString())).sum());
                            snap.commit();
                        }
                    }
                } catch (ClientException e) {
                    throw new AssertionError(e);
                }
                return seen;
            }, pool);
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertThat(committed.get()).isEqualTo(threads * transfersEach);
            assertThat(totals.get(30, TimeUnit.SECONDS)).as("every snapshot sums to the total").isNotEmpty()
                .allMatch(total -> total == accounts * 100);
            try (Transaction t = setup.begin(true, Isolation.SERIALIZABLE)) {
                assertThat(t.scan(b("acct/"), b("acct0"), 0).stream().mapToInt(r -> Integer.parseInt(r.valueString())).sum())
                    .isEqualTo(accounts * 100);
            }
            c.awaitConverged();
        }
    }

    @Test
    void aLeaderChangeAbortsOpenTransactionsWith40001AndKeepsCommittedOnes() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            try (Transaction t = client.begin()) {
                t.put(b("kept"), b("yes"));
                t.commit();
            }
            Transaction open = client.begin();
            open.put(b("lost"), b("never"));
            client.transferLeader(c.anyFollower(leader));
            assertThatThrownBy(() -> open.put(b("more"), b("x")))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo(SqlState.SERIALIZATION_FAILURE);
                    assertThat(e.transactionAborted()).isTrue();
                });
            assertThatThrownBy(open::commit).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.sqlState()).isEqualTo(SqlState.SERIALIZATION_FAILURE));
            assertThat(client.get(b("kept")).value()).isEqualTo(b("yes"));
            assertThat(client.get(b("lost")).found()).isFalse();
        }
    }

    @Test
    void aTransactionOverItsWriteLimitIsAbortedWith54000() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withTxn(cfg.txn().withTxnWriteBytesMax(1_000)));
             BasaltClient client = c.client()) {
            c.awaitLeader();
            Transaction t = client.begin();
            t.put(b("small"), new byte[500]);
            assertThatThrownBy(() -> t.put(b("big"), new byte[600]))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo(SqlState.PROGRAM_LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("txnWriteBytesMax=1000");
                });
            assertThat(client.get(b("small")).found()).isFalse();
        }
    }

    @Test
    void aVanishedClientsLocksAreReleasedAfterTheHeartbeatTimeout() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withTxn(cfg.txn().withHeartbeatTimeoutMs(500)));
             BasaltClient client = c.client()) {
            c.awaitLeader();
            Transaction gone = client.begin();
            gone.put(b("k"), b("held"));
            // The client goes quiet; a single write of the same key waits for the lock, then succeeds.
            long start = System.nanoTime();
            client.put(b("k"), b("free"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(300));
            assertThat(client.get(b("k")).value()).isEqualTo(b("free"));
            assertThatThrownBy(() -> gone.commit()).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.sqlState()).isEqualTo(SqlState.IDLE_IN_TRANSACTION_TIMEOUT));
        }
    }

    @Test
    void aStepWaitsForItsLockLongerThanAShareOfTheClientTimeout() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient holderClient = c.client();
             ExecutorService pool = Executors.newSingleThreadExecutor()) {
            NodeId leader = c.awaitLeader();
            try (BasaltClient waiterClient = c.clientOf(leader, Duration.ofSeconds(3))) {
                Transaction holder = holderClient.begin();
                holder.put(b("k"), b("first"));
                Future<Timestamp> waiter = pool.submit(() -> {
                    try (Transaction t = waiterClient.begin()) {
                        t.put(b("k"), b("second")); // waits for the holder's lock
                        return t.commit();
                    }
                });
                Thread.sleep(1_600); // over a third of the waiter's 3 s timeout
                holder.commit();
                assertThat(waiter.get(10, TimeUnit.SECONDS)).as("the waiter commits after the holder").isNotNull();
                assertThat(holderClient.get(b("k")).value()).isEqualTo(b("second"));
            }
        }
    }

    @Test
    void aSingleWriteWaitingForALockFollowsTheLeaderWhenItChanges() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient holderClient = c.client();
             BasaltClient writer = c.client(); ExecutorService pool = Executors.newSingleThreadExecutor()) {
            NodeId leader = c.awaitLeader();
            Transaction holder = holderClient.begin();
            holder.put(b("k"), b("held"));
            Future<?> put = pool.submit(() -> writer.put(b("k"), b("single")));
            awaitLockWaiters(c, 1); // the single write waits for the holder's lock
            holderClient.transferLeader(c.anyFollower(leader));
            put.get(10, TimeUnit.SECONDS);
            assertThat(writer.get(b("k")).value()).as("sent again to the new leader and applied").isEqualTo(b("single"));
        }
    }

    /** Waits until the leader's lock table has {@code n} waiting requests. */
    private static void awaitLockWaiters(TestCluster c, int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            TxnStats s = c.node(c.awaitLeader()).txnStats(1);
            return s != null && s.waiting() >= n;
        });
    }

    private static void transfer(BasaltClient client, AtomicInteger committed, AtomicInteger retried)
        throws ClientException {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int from = rnd.nextInt(8);
        int to = (from + 1 + rnd.nextInt(7)) % 8;
        int amount = 1 + rnd.nextInt(10);
        while (true) {
            try (Transaction t = client.begin()) {
                int a = Integer.parseInt(new String(t.get(account(from)), StandardCharsets.UTF_8));
                int bal = Integer.parseInt(new String(t.get(account(to)), StandardCharsets.UTF_8));
                int moved = Math.min(amount, a);
                t.put(account(from), b(Integer.toString(a - moved)));
                t.put(account(to), b(Integer.toString(bal + moved)));
                t.commit();
                committed.incrementAndGet();
                return;
            } catch (ClientException e) {
                if (!e.transactionAborted()) {
                    throw e;
                }
                retried.incrementAndGet();
            }
        }
    }

    private static byte[] account(int i) {
        return b("acct/" + i);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
