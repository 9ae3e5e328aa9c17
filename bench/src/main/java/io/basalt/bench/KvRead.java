package io.basalt.bench;

import io.basalt.kv.KvResult;
import io.basalt.server.client.BasaltClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop point reads of the keys {@link BulkLoad} wrote: C client threads, each with its
 * own client, each issuing one read at a time ({@code client.get}: linearizable, served by the
 * leader) for a fixed time after a warm-up. Keys are drawn uniformly over {@code 0..keys-1} or
 * by {@link ZipfianKeys} (hot keys spread over the key space; {@code --seed} fixes which keys
 * are hot, so that two runs read the same hot set). A read counts if it began after
 * the warm-up; one that finds no value, or a value of the wrong size, is counted as
 * {@code missing}. Prints one line:
 * {@code read dist=... reads=... reads_per_s=... p50_ms=... p99_ms=... p999_ms=... max_ms=... errors=... missing=...}.
 *
 * <pre>
 * java -cp ... io.basalt.bench.KvRead --endpoints n1=...,... --keys N [--dist uniform|zipfian]
 *      [--theta 0.99] [--clients 16] [--seconds 30] [--warmup-s 5] [--key-bytes 16]
 *      [--value-bytes 200] [--seed 1] [--timeout-ms 10000]
 * </pre>
 */
public final class KvRead {
    private KvRead() {}

    /** The command line; {@code valueBytes} -1 checks only that a value is found. */
    record Options(String endpoints, long keys, String dist, double theta, int clients, long seconds, long warmupS,
                   int keyBytes, int valueBytes, long seed, long timeoutMs) {
        static Options parse(String[] args) {
            String endpoints = null;
            long keys = 0;
            String dist = "uniform";
            double theta = ZipfianKeys.THETA_DEFAULT;
            int clients = 16;
            long seconds = 30;
            long warmupS = 5;
            int keyBytes = 16;
            int valueBytes = -1;
            long seed = 1;
            long timeoutMs = 10_000;
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--endpoints" -> endpoints = v;
                    case "--keys" -> keys = Long.parseLong(v);
                    case "--dist" -> dist = v;
                    case "--theta" -> theta = Double.parseDouble(v);
                    case "--clients" -> clients = Integer.parseInt(v);
                    case "--seconds" -> seconds = Long.parseLong(v);
                    case "--warmup-s" -> warmupS = Long.parseLong(v);
                    case "--key-bytes" -> keyBytes = Integer.parseInt(v);
                    case "--value-bytes" -> valueBytes = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--timeout-ms" -> timeoutMs = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (endpoints == null || keys < 2 || args.length % 2 != 0
                || !(dist.equals("uniform") || dist.equals("zipfian"))) {
                throw new IllegalArgumentException("usage: --endpoints E --keys N [--dist uniform|zipfian] [--theta T]"
                    + " [--clients C] [--seconds S] [--warmup-s W] [--key-bytes K] [--value-bytes V] [--seed S]"
                    + " [--timeout-ms T]");
            }
            if (String.valueOf(keys - 1).length() > keyBytes) {
                throw new IllegalArgumentException(keys + " keys do not fit in " + keyBytes + "-byte keys");
            }
            return new Options(endpoints, keys, dist, theta, clients, seconds, warmupS, keyBytes, valueBytes, seed,
                timeoutMs);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        ZipfianKeys zipf = o.dist().equals("zipfian") ? new ZipfianKeys(o.keys(), o.theta(), o.seed()) : null;
        List<BasaltClient> conns = new ArrayList<>();
        for (int c = 0; c < o.clients(); c++) {
            conns.add(BasaltClients.connect(o.endpoints(), Duration.ofMillis(o.timeoutMs())));
        }
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmupS());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(o.seconds());
        List<LatencyRecorder> recorders = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong missing = new AtomicLong();
        CountDownLatch done = new CountDownLatch(o.clients());
        for (int c = 0; c < o.clients(); c++) {
            BasaltClient client = conns.get(c);
            LatencyRecorder rec = new LatencyRecorder();
            recorders.add(rec);
            Thread t = new Thread(() -> {
                try {
                    readLoop(client, o, zipf, measureFrom, end, rec, errors, missing);
                } finally {
                    done.countDown();
                }
            }, "read-" + c);
            t.setDaemon(true);
            t.start();
        }
        if (!done.await(o.warmupS() + o.seconds() + o.timeoutMs() / 1000 + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("read threads did not finish");
        }
        long[] sorted = LatencyRecorder.merge(recorders);
        System.out.printf(Locale.ROOT, "read dist=%s theta=%s clients=%d seconds=%d keys=%d reads=%d reads_per_s=%.0f"
                + " p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f errors=%d missing=%d%n",
            o.dist(), zipf == null ? "-" : String.valueOf(o.theta()), o.clients(), o.seconds(), o.keys(), sorted.length,
            sorted.length / (double) o.seconds(), LatencyRecorder.quantileMs(sorted, 0.50),
            LatencyRecorder.quantileMs(sorted, 0.99), LatencyRecorder.quantileMs(sorted, 0.999),
            sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, errors.get(), missing.get());
        System.out.flush();
        // Closing 16 clients, each with its own event loop, takes seconds and proves nothing.
        Runtime.getRuntime().halt(sorted.length > 0 && missing.get() == 0 ? 0 : 1);
    }

    /** One client's reads until {@code end}; those begun from {@code measureFrom} on are recorded. */
    private static void readLoop(BasaltClient client, Options o, ZipfianKeys zipf, long measureFrom, long end,
                                 LatencyRecorder rec, AtomicLong errors, AtomicLong missing) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] key = new byte[o.keyBytes()];
        long now = System.nanoTime();
        while (now < end) {
            BulkLoad.fill(key, zipf == null ? rnd.nextLong(o.keys()) : zipf.next(rnd));
            long t0 = System.nanoTime();
            try {
                KvResult r = client.get(key);
                now = System.nanoTime();
                if (t0 >= measureFrom) {
                    rec.record(now - t0);
                    if (!r.found() || (o.valueBytes() >= 0 && r.value().length != o.valueBytes())) {
                        missing.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                now = System.nanoTime();
                if (t0 >= measureFrom) {
                    errors.incrementAndGet();
                }
            }
        }
    }
}
