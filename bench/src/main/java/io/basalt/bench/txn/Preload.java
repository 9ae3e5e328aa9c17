package io.basalt.bench.txn;

import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes keys {@code 0..keys-1} of the key space with transactions of {@code batch} puts each
 * (one log entry per batch, far fewer fsyncs than single puts), spread over the clients given.
 * The hot-spot counters are set to 0 in the same pass. It doubles as the JIT warm-up of nodes
 * and client.
 */
final class Preload {
    private Preload() {}

    /** Returns the result line; throws if some batch could not be written. */
    static String run(List<BasaltClient> clients, int keys, int batch, int hotKeys, byte[] value, long maxS)
        throws InterruptedException {
        int batches = (keys + batch - 1) / batch;
        AtomicInteger next = new AtomicInteger();
        AtomicLong attempts = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients.size());
        long start = System.nanoTime();
        long giveUpAt = start + TimeUnit.SECONDS.toNanos(maxS);
        for (int c = 0; c < clients.size(); c++) {
            BasaltClient client = clients.get(c);
            Thread t = new Thread(() -> {
                try {
                    Tally tally = new Tally();
                    tally.giveUpAtNanos = giveUpAt;
                    tally.counting = true;
                    int b;
                    while ((b = next.getAndIncrement()) < batches && System.nanoTime() - giveUpAt < 0) {
                        int from = b * batch;
                        int to = Math.min(keys, from + batch);
                        try {
                            Retry.untilCommitted(client, false, t1 -> {
                                for (int k = from; k < to; k++) {
                                    t1.put(Keys.spaceKey(k), value);
                                }
                            }, tally);
                        } catch (ClientException e) {
                            failed.incrementAndGet();
                            System.err.println("preload of keys " + from + ".." + (to - 1) + " failed: "
                                + e.getMessage());
                        }
                    }
                    attempts.addAndGet(tally.attempts);
                } finally {
                    done.countDown();
                }
            }, "preload-" + c);
            t.setDaemon(true);
            t.start();
        }
        if (!done.await(maxS + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("preload did not finish within " + maxS + " s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0 || next.get() < batches) {
            throw new IllegalStateException("preload incomplete: " + failed.get() + " failed batches, "
                + Math.max(0, batches - next.get()) + " not started (time limit " + maxS + " s)");
        }
        resetHotSpot(clients.getFirst(), hotKeys);
        return String.format(Locale.ROOT, "phase=preload keys=%d batch=%d clients=%d seconds=%.1f keys_per_s=%.0f"
            + " txns_per_s=%.1f attempts=%d", keys, batch, clients.size(), seconds, keys / seconds, batches / seconds,
            attempts.get());
    }

    /** Sets every hot-spot counter to 0 in one transaction. */
    static void resetHotSpot(BasaltClient client, int hotKeys) {
        Tally tally = new Tally();
        tally.giveUpAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            Retry.untilCommitted(client, false, t -> {
                for (int k = 0; k < hotKeys; k++) {
                    t.put(Keys.hotKey(k), Keys.counter(0));
                }
            }, tally);
        } catch (ClientException e) {
            throw new IllegalStateException("cannot reset the hot-spot counters: " + e.getMessage(), e);
        }
    }

    /** The sum of the hot-spot counters, read in one snapshot. */
    static long hotSpotSum(BasaltClient client, int hotKeys) throws ClientException {
        long[] sum = new long[1];
        Tally tally = new Tally();
        tally.giveUpAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Retry.untilCommitted(client, true, t -> {
            sum[0] = 0;
            for (int k = 0; k < hotKeys; k++) {
                sum[0] += Keys.counterOf(t.get(Keys.hotKey(k)));
            }
        }, tally);
        return sum[0];
    }
}
