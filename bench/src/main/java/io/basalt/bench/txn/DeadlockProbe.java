package io.basalt.bench.txn;

import io.basalt.bench.LatencyRecorder;
import io.basalt.common.SqlState;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.Transaction;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * (d) How long a deadlock lives, seen from a client. One trial: T1 begins, then T2 (so T2 is
 * the younger, the victim); T1 writes x, T2 writes y; T1 writes y in a background thread and
 * blocks behind T2; after {@code settleMs}, at t0, T2 writes x, closing the cycle. T2's write
 * must fail with 40P01 at t1; t1 - t0 is the figure, one network round trip included. T2's
 * uncontended write of y is the same kind of request without a deadlock: its latency is the
 * round trip to compare with. A linearizable {@code client.get} (a read index: one heartbeat
 * round to the followers) is timed as well, for context. T1 is rolled back at the end.
 */
final class DeadlockProbe {
    /** How long T1's blocked write may take to be granted after T2's abort. */
    private static final long UNBLOCK_S_MAX = 10;

    /**
     * @param outcomes how trials ended: {@code 40P01} (expected), {@code not-blocked} (T1's
     *                 write returned before t0: discarded), another SQLSTATE or {@code no-abort}
     */
    record Result(int trials, long[] abortNanos, long[] txnPutNanos, long[] getNanos, Map<String, Integer> outcomes) {
        String line() {
            return String.format(Locale.ROOT, "phase=d trials=%d deadlocks=%d abort_p50_ms=%.3f abort_p99_ms=%.3f"
                    + " abort_max_ms=%.3f txn_put_p50_ms=%.3f txn_put_p99_ms=%.3f get_p50_ms=%.3f get_p99_ms=%.3f"
                    + " outcomes=%s",
                trials, abortNanos.length, q(abortNanos, 0.5), q(abortNanos, 0.99), q(abortNanos, 1.0),
                q(txnPutNanos, 0.5), q(txnPutNanos, 0.99), q(getNanos, 0.5), q(getNanos, 0.99),
                outcomes.toString().replace(" ", ""));
        }

        static double q(long[] sorted, double q) {
            return LatencyRecorder.quantileMs(sorted, q);
        }
    }

    private DeadlockProbe() {}

    static Result run(BasaltClient client, int trials, long settleMs) throws InterruptedException {
        LatencyRecorder abort = new LatencyRecorder(1 << 12);
        LatencyRecorder put = new LatencyRecorder(1 << 12);
        LatencyRecorder get = new LatencyRecorder(1 << 12);
        Map<String, Integer> outcomes = new TreeMap<>();
        ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "deadlock-t1");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < trials; i++) {
                String outcome;
                try {
                    outcome = trial(client, i, settleMs, background, abort, put);
                    long g0 = System.nanoTime();
                    client.get(Keys.deadlockKey(i, "x"));
                    get.record(System.nanoTime() - g0);
                } catch (ClientException e) {
                    outcome = "error-" + Retry.kind(e);
                    System.err.println("deadlock trial " + i + ": " + e.getMessage());
                }
                outcomes.merge(outcome, 1, Integer::sum);
            }
        } finally {
            background.shutdownNow();
        }
        return new Result(trials, LatencyRecorder.merge(List.of(abort)), LatencyRecorder.merge(List.of(put)),
            LatencyRecorder.merge(List.of(get)), outcomes);
    }

    private static String trial(BasaltClient client, int i, long settleMs, ExecutorService background,
                                LatencyRecorder abort, LatencyRecorder put) throws ClientException, InterruptedException {
        byte[] x = Keys.deadlockKey(i, "x");
        byte[] y = Keys.deadlockKey(i, "y");
        byte[] v = Keys.counter(i);
        try (Transaction t1 = client.begin(); Transaction t2 = client.begin()) {
            t1.put(x, v);
            long p0 = System.nanoTime();
            t2.put(y, v);
            put.record(System.nanoTime() - p0);
            Future<?> blocked = background.submit(() -> {
                t1.put(y, v);
                return null;
            });
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(settleMs));
            if (blocked.isDone()) {
                return "not-blocked";
            }
            String outcome;
            long t0 = System.nanoTime();
            try {
                t2.put(x, v);
                outcome = "no-abort";
            } catch (ClientException e) {
                long t1Nanos = System.nanoTime();
                outcome = e.sqlState() == null ? "error-" + Retry.kind(e) : e.sqlState();
                if (SqlState.DEADLOCK_DETECTED.equals(e.sqlState())) {
                    abort.record(t1Nanos - t0);
                }
            }
            awaitUnblocked(blocked, i);
            return outcome;
        }
    }

    /** T1's write must be granted once T2 is gone; it holds then x and y, and is rolled back by close(). */
    private static void awaitUnblocked(Future<?> blocked, int trial) throws ClientException, InterruptedException {
        try {
            blocked.get(UNBLOCK_S_MAX, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClientException ce) {
                throw ce;
            }
            throw new IllegalStateException("trial " + trial + ": T1's write failed", e.getCause());
        } catch (TimeoutException e) {
            blocked.cancel(true);
            throw new IllegalStateException("trial " + trial + ": T1's write was not granted within " + UNBLOCK_S_MAX
                + " s after T2's abort");
        }
    }
}
