package io.basalt.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Closed-loop write load: C client threads, each with its own connection, each issuing one
 * replicated write of a fixed-size value at a time for a fixed duration, after a warm-up.
 * Prints one line per client count: writes/s, p50 and p99 latency, errors.
 *
 * <pre>
 * java -cp ... io.basalt.bench.KvLoad --target basalt|etcd --endpoints E --clients 1,16,64
 *      [--duration-s 10] [--warmup-s 2] [--value-bytes 128] [--keys 100000]
 * </pre>
 */
public final class KvLoad {
    private KvLoad() {}

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        for (int clients : a.clients) {
            Result r = run(a, clients);
            System.out.println(r.line());
        }
        System.exit(0);
    }

    record Result(String target, int clients, long writes, double seconds, long errors, double p50Ms, double p99Ms) {
        String line() {
            return String.format(Locale.ROOT, "target=%s clients=%d writes=%d writes_per_s=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d",
                target, clients, writes, writes / seconds, p50Ms, p99Ms, errors);
        }
    }

    static Result run(Args a, int clients) throws Exception {
        Supplier<KvTarget> factory = Targets.factory(a.target, a.endpoints);
        List<KvTarget> conns = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            conns.add(factory.get());
        }
        byte[] value = new byte[a.valueBytes];
        ThreadLocalRandom.current().nextBytes(value);
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(a.warmupS);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(a.durationS);
        List<LatencyRecorder> recorders = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            KvTarget conn = conns.get(c);
            LatencyRecorder rec = new LatencyRecorder();
            recorders.add(rec);
            Thread t = new Thread(() -> {
                try {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    long now = System.nanoTime();
                    while (now < end) {
                        byte[] key = ("key" + rnd.nextInt(a.keys)).getBytes(StandardCharsets.UTF_8);
                        long t0 = System.nanoTime();
                        try {
                            conn.put(key, value);
                            now = System.nanoTime();
                            if (t0 >= measureFrom) {
                                rec.record(now - t0);
                            }
                        } catch (Exception e) {
                            now = System.nanoTime();
                            if (t0 >= measureFrom) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "load-" + c);
            t.setDaemon(true);
            t.start();
        }
        if (!done.await(a.warmupS + a.durationS + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("load threads did not finish");
        }
        conns.forEach(KvTarget::close);
        Targets.closeShared();
        long[] sorted = LatencyRecorder.merge(recorders);
        return new Result(a.target, clients, sorted.length, a.durationS, errors.get(),
            LatencyRecorder.quantileMs(sorted, 0.50), LatencyRecorder.quantileMs(sorted, 0.99));
    }

    record Args(String target, String endpoints, List<Integer> clients, int durationS, int warmupS, int valueBytes, int keys) {
        static Args parse(String[] args) {
            String target = null;
            String endpoints = null;
            List<Integer> clients = List.of(1, 16, 64);
            int duration = 10;
            int warmup = 2;
            int valueBytes = 128;
            int keys = 100_000;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--target" -> target = v;
                    case "--endpoints" -> endpoints = v;
                    case "--clients" -> clients = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                    case "--duration-s" -> duration = Integer.parseInt(v);
                    case "--warmup-s" -> warmup = Integer.parseInt(v);
                    case "--value-bytes" -> valueBytes = Integer.parseInt(v);
                    case "--keys" -> keys = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            if (target == null || endpoints == null) {
                throw new IllegalArgumentException("--target and --endpoints are required");
            }
            return new Args(target, endpoints, clients, duration, warmup, valueBytes, keys);
        }
    }
}
