package io.basalt.bench;

import java.util.Arrays;

/** Latencies of one load thread, in nanoseconds; merged and sorted once at the end. */
public final class LatencyRecorder {
    private long[] samples;
    private int count;

    public LatencyRecorder() {
        this(1 << 16);
    }

    /** A recorder that starts with room for {@code initialSamples} (it grows as needed). */
    public LatencyRecorder(int initialSamples) {
        samples = new long[Math.max(16, initialSamples)];
    }

    public void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    public int count() {
        return count;
    }

    public static long[] merge(Iterable<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder r : recorders) {
            total += r.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.samples, 0, all, at, r.count);
            at += r.count;
        }
        Arrays.sort(all);
        return all;
    }

    /** The q-quantile of sorted samples, in milliseconds. */
    public static double quantileMs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
