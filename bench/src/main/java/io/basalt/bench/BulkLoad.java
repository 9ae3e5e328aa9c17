package io.basalt.bench;

import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.Transaction;
import io.basalt.txn.Isolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads N distinct keys into Basalt as fast as C concurrent clients can: key i is the decimal
 * i, zero-padded to {@code --key-bytes}, for i from {@code --first-key} on; every value is
 * {@code --value-bytes} random bytes. With {@code --batch 1} (the default) each key is one
 * single put, one log entry; with {@code --batch B} a client writes B consecutive keys in one
 * transaction (the puts travel with its first request, and its commit is one log entry), far
 * fewer requests and fsyncs per key. A failed write or batch is retried (up to 10 times) so
 * that every key ends up written. Prints progress every 5 s and a final
 * {@code loaded=... seconds=... writes_per_s=... failed=...} line ({@code writes_per_s} counts
 * keys).
 *
 * <pre>
 * java -cp ... io.basalt.bench.BulkLoad --endpoints n1=...,... [--keys 1000000] [--clients 64]
 *      [--key-bytes 16] [--value-bytes 100] [--batch 1] [--first-key 0] [--timeout-ms 10000]
 *      [--max-s 3600]
 * </pre>
 */
public final class BulkLoad {
    private BulkLoad() {}

    public static void main(String[] args) throws Exception {
        String endpoints = null;
        long keys = 1_000_000;
        int clients = 64;
        int keyBytes = 16;
        int valueBytes = 100;
        long timeoutMs = 10_000;
        long maxS = 3600;
        int batch = 1;
        long firstKey = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--endpoints" -> endpoints = v;
                case "--keys" -> keys = Long.parseLong(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--key-bytes" -> keyBytes = Integer.parseInt(v);
                case "--value-bytes" -> valueBytes = Integer.parseInt(v);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(v);
                case "--max-s" -> maxS = Long.parseLong(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--first-key" -> firstKey = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (endpoints == null || args.length % 2 != 0 || batch < 1 || firstKey < 0) {
            throw new IllegalArgumentException("usage: --endpoints E [--keys N] [--clients C] [--key-bytes K] "
                + "[--value-bytes V] [--batch B] [--first-key F] [--timeout-ms T] [--max-s S]");
        }
        if (String.valueOf(firstKey + keys - 1).length() > keyBytes) {
            throw new IllegalArgumentException((firstKey + keys) + " keys do not fit in " + keyBytes + "-byte keys");
        }
        final long totalKeys = keys;
        final int kb = keyBytes;
        final int vb = valueBytes;
        final int perBatch = batch;
        final long first = firstKey;
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(clients);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxS);
        List<BasaltClient> conns = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            conns.add(BasaltClients.connect(endpoints, Duration.ofMillis(timeoutMs)));
        }
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            BasaltClient client = conns.get(c);
            Thread t = new Thread(() -> {
                try {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    long from;
                    while ((from = next.getAndAdd(perBatch)) < totalKeys && System.nanoTime() - deadline < 0) {
                        int count = (int) Math.min(perBatch, totalKeys - from);
                        boolean ok = false;
                        for (int attempt = 0; attempt < 10 && !ok; attempt++) {
                            try {
                                write(client, first + from, count, kb, vb, rnd);
                                ok = true;
                            } catch (Exception e) {
                                retries.incrementAndGet();
                            }
                        }
                        (ok ? done : failed).addAndGet(count);
                    }
                } finally {
                    finished.countDown();
                }
            }, "bulk-" + c);
            t.setDaemon(true);
            t.start();
        }
        long lastDone = 0;
        long lastT = start;
        while (!finished.await(5, TimeUnit.SECONDS)) {
            long now = System.nanoTime();
            long d = done.get();
            System.out.printf(Locale.ROOT, "progress loaded=%d of %d (%.0f writes/s now) failed=%d retries=%d%n",
                d, totalKeys, (d - lastDone) / ((now - lastT) / 1e9), failed.get(), retries.get());
            System.out.flush();
            lastDone = d;
            lastT = now;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        conns.forEach(BasaltClient::close);
        System.out.printf(Locale.ROOT, "loaded=%d keys=%d seconds=%.1f writes_per_s=%.0f failed=%d retries=%d clients=%d"
                + " key_bytes=%d value_bytes=%d batch=%d first_key=%d%n",
            done.get(), totalKeys, secs, done.get() / secs, failed.get(), retries.get(), clients, kb, vb, perBatch,
            first);
        System.out.flush();
        Runtime.getRuntime().halt(done.get() == totalKeys ? 0 : 1);
    }

    /**
     * Writes keys {@code from..from+count-1}: one single put, or one transaction of puts. A
     * retried transaction writes the same keys again, which leaves the same set of keys.
     */
    private static void write(BasaltClient client, long from, int count, int keyBytes, int valueBytes,
                              ThreadLocalRandom rnd) throws Exception {
        if (count == 1) {
            byte[] key = new byte[keyBytes];
            byte[] value = new byte[valueBytes];
            fill(key, from);
            rnd.nextBytes(value);
            client.put(key, value);
            return;
        }
        try (Transaction t = client.beginDeferred(false, Isolation.SERIALIZABLE)) {
            for (int i = 0; i < count; i++) {
                byte[] key = new byte[keyBytes];
                byte[] value = new byte[valueBytes];
                fill(key, from + i);
                rnd.nextBytes(value);
                t.put(key, value);
            }
            t.commit();
        }
    }

    /** Key i as zero-padded decimal digits filling the whole key. */
    static void fill(byte[] key, long i) {
        Arrays.fill(key, (byte) '0');
        long v = i;
        for (int p = key.length - 1; p >= 0 && v > 0; p--) {
            key[p] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }
}
