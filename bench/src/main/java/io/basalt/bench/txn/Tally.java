package io.basalt.bench.txn;

import io.basalt.bench.LatencyRecorder;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one load thread saw in one phase. The loop sets {@link #counting} before each unit of
 * work (a transaction with its retries, or one put): only units that began after the warm-up
 * count, and so do only their aborts and errors.
 */
final class Tally {
    final LatencyRecorder latencies = new LatencyRecorder(1 << 12);
    /** The commit step alone (its log entry's replication), for comparison with a single put. */
    final LatencyRecorder commitLatencyRecorder = new LatencyRecorder(1 << 12);
    final Map<String, Long> aborts = new TreeMap<>();
    final Map<String, Long> errors = new TreeMap<>();
    boolean counting;
    /** System.nanoTime after which an aborted transaction is not retried. */
    long giveUpAtNanos;
    long units;
    long attempts;
    /** Units that committed, counted or not (the hot-spot check needs every commit). */
    long committedAll;
    /** Commits whose outcome the client could not learn, counted or not. */
    long unknownAll;
    /** One error message of each kind, for the log. */
    final Map<String, String> errorSamples = new TreeMap<>();

    void attempt() {
        if (counting) {
            attempts++;
        }
    }

    /** A transaction attempt ended by the server with {@code sqlState}; it will be retried. */
    void abort(String sqlState) {
        if (counting) {
            aborts.merge(sqlState == null ? "none" : sqlState, 1L, Long::sum);
        }
    }

    /** A unit that failed without a retry: {@code kind} is its SQLSTATE or a short name. */
    void error(String kind, String message) {
        if (counting) {
            errors.merge(kind, 1L, Long::sum);
            errorSamples.putIfAbsent(kind, message);
        }
    }
}
