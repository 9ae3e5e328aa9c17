package io.basalt.bench.txn;

import java.util.Arrays;

/** Latencies of one load thread, in nanoseconds; merged and sorted once at the end of a phase. */
final class Latencies {
    private long[] samples = new long[1 << 12];
    private int count;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    static long[] merge(Iterable<Latencies> all) {
        int total = 0;
        for (Latencies l : all) {
            total += l.count;
        }
        long[] out = new long[total];
        int at = 0;
        for (Latencies l : all) {
            System.arraycopy(l.samples, 0, out, at, l.count);
            at += l.count;
        }
        Arrays.sort(out);
        return out;
    }

    /** The q-quantile of sorted samples in milliseconds (nearest rank), NaN if there are none. */
    static double quantileMs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
