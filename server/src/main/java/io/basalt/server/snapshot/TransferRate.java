package io.basalt.server.snapshot;

import java.util.concurrent.TimeUnit;

/** A transfer's rate: the average since it began, and the rate over the last few seconds. */
final class TransferRate {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(3);
    private final long startNanos = System.nanoTime();
    private long sampleNanos = startNanos;
    private long sampleBytes = -1;
    private long recent;

    /** The recent rate in bytes per second, given {@code bytes} done at {@code nanos}. */
    long recent(long nanos, long bytes) {
        if (sampleBytes < 0) {
            sampleBytes = bytes; // what was held before this process counts for nothing
            sampleNanos = nanos;
            return 0;
        }
        long elapsed = nanos - sampleNanos;
        if (elapsed >= WINDOW_NANOS / 3) {
            long rate = Math.max(0, (bytes - sampleBytes) * 1_000_000_000L / Math.max(1, elapsed));
            recent = recent == 0 ? rate : (recent + rate) / 2;
            if (elapsed >= WINDOW_NANOS) {
                sampleBytes = bytes;
                sampleNanos = nanos;
            }
        }
        return recent;
    }

    /** Bytes per second for {@code bytes} since the transfer began. */
    long average(long bytes) {
        long elapsed = Math.max(1, System.nanoTime() - startNanos);
        return bytes * 1_000_000_000L / elapsed;
    }

    /** Seconds since the transfer began, one decimal. */
    String seconds() {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}
