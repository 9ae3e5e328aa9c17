package io.basalt.bench;

import io.basalt.server.client.BasaltClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how long writes stop when the leader dies. W writer threads, each with its own
 * client and a short per-call timeout, write continuously. Once {@code --ready-acks} writes were
 * acknowledged it prints {@code ready}; the script then kills the leader and writes the instant
 * of the kill (wall clock, {@code $EPOCHREALTIME}: seconds with a fraction) to
 * {@code --mark-file}. The probe prints, in milliseconds after that instant:
 * <ul>
 *   <li>{@code failover_ms}: the first acknowledgement of a write <em>issued after</em> the kill.
 *       The old leader is dead by then, so the new leader committed it. This is the figure
 *       reported; it may exceed the true gap by up to one write latency.</li>
 *   <li>{@code first_ack_any_ms}: the first acknowledgement after the kill of any write, also of
 *       writes issued before it (their retries may land on the new leader). A lower bound: a
 *       reply the old leader sent just before dying can count here.</li>
 * </ul>
 * All times are wall-clock (CLOCK_REALTIME) on this machine, so the script's and the probe's
 * instants compare directly. Exit status 2 if no write is acknowledged within
 * {@code --max-wait-s} of the kill, 3 if the mark never comes.
 *
 * <pre>
 * java -cp ... io.basalt.bench.FailoverProbe --endpoints n1=...,... --mark-file F
 *      [--writers 8] [--timeout-ms 500] [--ready-acks 50] [--max-wait-s 30]
 * </pre>
 */
public final class FailoverProbe {
    private FailoverProbe() {}

    /** The acknowledged writes of one writer: (issued, acknowledged) in epoch nanoseconds. */
    private static final class Acks {
        long[] issued = new long[1 << 12];
        long[] acked = new long[1 << 12];
        int count;
        long errorsAfterMark;

        void add(long i, long a) {
            if (count == issued.length) {
                issued = Arrays.copyOf(issued, count * 2);
                acked = Arrays.copyOf(acked, count * 2);
            }
            issued[count] = i;
            acked[count] = a;
            count++;
        }
    }

    private static volatile long mark = Long.MAX_VALUE;
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        String endpoints = null;
        Path markFile = null;
        int writers = 8;
        long timeoutMs = 500;
        int readyAcks = 50;
        long maxWaitS = 30;
        for (int i = 0; i < args.length; i++) {
            String v = args[++i];
            switch (args[i - 1]) {
                case "--endpoints" -> endpoints = v;
                case "--mark-file" -> markFile = Path.of(v);
                case "--writers" -> writers = Integer.parseInt(v);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(v);
                case "--ready-acks" -> readyAcks = Integer.parseInt(v);
                case "--max-wait-s" -> maxWaitS = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown argument " + args[i - 1]);
            }
        }
        if (endpoints == null || markFile == null) {
            throw new IllegalArgumentException("--endpoints and --mark-file are required");
        }
        List<BasaltClient> clients = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            clients.add(BasaltClients.connect(endpoints, Duration.ofMillis(timeoutMs)));
        }
        AtomicLong total = new AtomicLong();
        CountDownLatch ackedAfterMark = new CountDownLatch(1);
        List<Acks> acks = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        byte[] value = new byte[64];
        for (int w = 0; w < writers; w++) {
            BasaltClient client = clients.get(w);
            Acks mine = new Acks();
            acks.add(mine);
            String prefix = "failover-" + w + "-";
            Thread t = new Thread(() -> {
                long seq = 0;
                while (!stop) {
                    byte[] key = (prefix + (seq++ % 1000)).getBytes(StandardCharsets.UTF_8);
                    long issued = nowNanos();
                    try {
                        client.put(key, value);
                        long acked = nowNanos();
                        mine.add(issued, acked);
                        total.incrementAndGet();
                        if (issued >= mark) {
                            ackedAfterMark.countDown();
                        }
                    } catch (Exception e) {
                        if (issued >= mark) {
                            mine.errorsAfterMark++;
                        }
                    }
                }
            }, "writer-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        long readyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxWaitS);
        while (total.get() < readyAcks) {
            if (System.nanoTime() - readyDeadline > 0) {
                System.out.println("not ready: only " + total.get() + " writes acknowledged in " + maxWaitS + " s");
                System.exit(4);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        System.out.println("ready acks=" + total.get());
        System.out.flush();

        long markDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, maxWaitS * 2));
        long m = readMark(markFile);
        while (m == Long.MAX_VALUE) {
            if (System.nanoTime() - markDeadline > 0) {
                System.out.println("no mark in " + markFile);
                System.exit(3);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            m = readMark(markFile);
        }
        mark = m;
        boolean got = ackedAfterMark.await(maxWaitS, TimeUnit.SECONDS);
        stop = true;
        for (Thread t : threads) {
            t.join(timeoutMs * 2 + 1000);
        }

        long firstStrict = Long.MAX_VALUE;
        long firstAny = Long.MAX_VALUE;
        long lastBefore = Long.MIN_VALUE;
        long errors = 0;
        for (Acks a : acks) {
            // Thread.join above orders these reads after the writer's last writes.
            for (int i = 0; i < a.count; i++) {
                if (a.issued[i] >= m) {
                    firstStrict = Math.min(firstStrict, a.acked[i]);
                }
                if (a.acked[i] >= m) {
                    firstAny = Math.min(firstAny, a.acked[i]);
                } else {
                    lastBefore = Math.max(lastBefore, a.acked[i]);
                }
            }
            errors += a.errorsAfterMark;
        }
        System.out.printf(Locale.ROOT, "failover_ms=%s first_ack_any_ms=%s last_ack_before_kill_ms=%s errors_after_kill=%d writers=%d timeout_ms=%d%n",
            ms(firstStrict, m), ms(firstAny, m), lastBefore == Long.MIN_VALUE ? "NaN" : ms(m, lastBefore), errors,
            writers, timeoutMs);
        System.out.flush();
        Runtime.getRuntime().halt(got && firstStrict != Long.MAX_VALUE ? 0 : 2);
    }

    private static String ms(long later, long earlier) {
        return later == Long.MAX_VALUE ? "NaN" : String.format(Locale.ROOT, "%.1f", (later - earlier) / 1e6);
    }

    static long nowNanos() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** {@code 1764231550.123456} (or with a comma) as epoch nanoseconds; MAX_VALUE if absent or unreadable. */
    static long readMark(Path f) {
        try {
            if (!Files.exists(f)) {
                return Long.MAX_VALUE;
            }
            String s = Files.readString(f).trim().replace(',', '.');
            if (s.isEmpty()) {
                return Long.MAX_VALUE;
            }
            int dot = s.indexOf('.');
            long secs = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
            String frac = dot < 0 ? "" : s.substring(dot + 1);
            frac = (frac + "000000000").substring(0, 9);
            return secs * 1_000_000_000L + Long.parseLong(frac);
        } catch (IOException | NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
