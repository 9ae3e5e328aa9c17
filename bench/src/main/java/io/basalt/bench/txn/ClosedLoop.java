package io.basalt.bench.txn;

import io.basalt.server.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs groups of load threads side by side over one time window: a warm-up whose units are
 * not counted, then the measured seconds. Each thread runs one unit at a time (closed loop);
 * a unit counts if it began inside the measured window, and its latency runs from its start
 * to its end, retries included. The threads stop by themselves at the end of the window.
 */
final class ClosedLoop {
    /** {@code threads} load threads; thread i runs {@code workloadOfThread.apply(i)}. */
    record Group(String name, int threads, IntFunction<Workload> workloadOfThread) {}

    /** Units still running this long after the window are abandoned (the phase is reported broken). */
    private static final long STRAGGLER_S_MAX = 60;
    /** An aborted transaction is retried until this long after the window, then counted as an error. */
    private static final long RETRY_AFTER_END_S_MAX = 20;

    private ClosedLoop() {}

    static List<PhaseResult> run(String phase, List<Group> groups, int warmupS, int durationS)
        throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupS);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(durationS);
        List<List<Tally>> tallies = new ArrayList<>();
        int total = groups.stream().mapToInt(Group::threads).sum();
        CountDownLatch done = new CountDownLatch(total);
        for (Group g : groups) {
            List<Tally> mine = new ArrayList<>();
            tallies.add(mine);
            for (int i = 0; i < g.threads(); i++) {
                Tally tally = new Tally();
                tally.giveUpAtNanos = end + TimeUnit.SECONDS.toNanos(RETRY_AFTER_END_S_MAX);
                mine.add(tally);
                Workload w = g.workloadOfThread().apply(i);
                Thread t = new Thread(() -> {
                    try {
                        loop(w, tally, measureFrom, end);
                    } finally {
                        done.countDown();
                    }
                }, phase + "-" + g.name() + "-" + i);
                t.setDaemon(true);
                t.start();
            }
        }
        if (!done.await(warmupS + durationS + STRAGGLER_S_MAX, TimeUnit.SECONDS)) {
            throw new IllegalStateException("phase " + phase + ": load threads still busy " + STRAGGLER_S_MAX
                + " s after the end of the window");
        }
        List<PhaseResult> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            out.add(PhaseResult.of(phase, g.name(), g.threads(), durationS, tallies.get(i)));
        }
        return out;
    }

    private static void loop(Workload w, Tally tally, long measureFrom, long end) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long now = System.nanoTime();
        while (now - end < 0) {
            long t0 = now;
            tally.counting = t0 - measureFrom >= 0;
            try {
                w.run(rnd, tally);
                now = System.nanoTime();
                if (tally.counting) {
                    tally.units++;
                    tally.latencies.record(now - t0);
                }
            } catch (ClientException e) {
                tally.error(Retry.kind(e), e.getMessage());
                now = System.nanoTime();
            } catch (RuntimeException e) {
                tally.error("bench", e.toString());
                now = System.nanoTime();
            }
        }
    }
}
