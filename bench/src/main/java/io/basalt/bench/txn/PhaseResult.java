package io.basalt.bench.txn;

import io.basalt.bench.LatencyRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one group of load threads did in one phase: units counted over {@code seconds} (those
 * that began after the warm-up), their latencies sorted, aborts and errors by kind.
 *
 * @param committedAll units committed in the whole phase, warm-up and tail included
 * @param unknownAll   commits whose outcome stayed unknown, in the whole phase
 */
record PhaseResult(String phase, String group, int threads, double seconds, long units, long attempts,
                   long[] sortedNanos, Map<String, Long> aborts, Map<String, Long> errors,
                   Map<String, String> errorSamples, long committedAll, long unknownAll, long[] sortedCommitNanos) {

    static PhaseResult of(String phase, String group, int threads, double seconds, Iterable<Tally> tallies) {
        long units = 0;
        long attempts = 0;
        long committed = 0;
        long unknown = 0;
        Map<String, Long> aborts = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        Map<String, String> samples = new TreeMap<>();
        List<LatencyRecorder> lat = new ArrayList<>();
        List<LatencyRecorder> commits = new ArrayList<>();
        for (Tally t : tallies) {
            units += t.units;
            attempts += t.attempts;
            committed += t.committedAll;
            unknown += t.unknownAll;
            t.aborts.forEach((k, v) -> aborts.merge(k, v, Long::sum));
            t.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            t.errorSamples.forEach(samples::putIfAbsent);
            lat.add(t.latencies);
            commits.add(t.commitLatencyRecorder);
        }
        return new PhaseResult(phase, group, threads, seconds, units, attempts, LatencyRecorder.merge(lat), aborts, errors,
            samples, committed, unknown, LatencyRecorder.merge(commits));
    }

    double perSecond() {
        return units / seconds;
    }

    double p50Ms() {
        return LatencyRecorder.quantileMs(sortedNanos, 0.50);
    }

    double p99Ms() {
        return LatencyRecorder.quantileMs(sortedNanos, 0.99);
    }

    /** The commit step's own p50 / p99 (transactions only; NaN for single puts). */
    double commitP50Ms() {
        return LatencyRecorder.quantileMs(sortedCommitNanos, 0.50);
    }

    double commitP99Ms() {
        return LatencyRecorder.quantileMs(sortedCommitNanos, 0.99);
    }

    double maxMs() {
        return LatencyRecorder.quantileMs(sortedNanos, 1.0);
    }

    long abortCount(String sqlState) {
        return aborts.getOrDefault(sqlState, 0L);
    }

    long abortTotal() {
        return aborts.values().stream().mapToLong(Long::longValue).sum();
    }

    long errorTotal() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The raw result line: {@code phase=a group=rw threads=64 ... aborts=40P01:3 errors=-}. */
    String line() {
        return String.format(Locale.ROOT, "phase=%s group=%s threads=%d seconds=%.0f units=%d per_s=%.1f p50_ms=%.3f"
                + " p99_ms=%.3f max_ms=%.3f attempts=%d aborts=%s errors=%s committed_all=%d unknown_all=%d",
            phase, group, threads, seconds, units, perSecond(), p50Ms(), p99Ms(), maxMs(), attempts, counts(aborts),
            counts(errors), committedAll, unknownAll);
    }

    private static String counts(Map<String, Long> m) {
        return m.isEmpty() ? "-" : m.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
            .collect(Collectors.joining(","));
    }
}
