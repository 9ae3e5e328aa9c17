package io.basalt.bench.sql;

import io.basalt.bench.LatencyRecorder;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one load thread of {@link SqlBench} did. Statements that began in the measured window
 * count; retries and errors are counted for those statements only, so that every figure
 * covers the same window. The first message of each error kind is kept, warm-up included.
 */
final class SqlTally {
    final LatencyRecorder latencies = new LatencyRecorder();
    final Map<String, Long> retries = new TreeMap<>();
    final Map<String, Long> errors = new TreeMap<>();
    final Map<String, String> errorSamples = new TreeMap<>();
    long ops;
    /** The statement under way began inside the measured window. */
    boolean counting;

    void retry(String sqlState) {
        if (counting) {
            retries.merge(sqlState, 1L, Long::sum);
        }
    }

    void error(String kind, String message) {
        if (counting) {
            errors.merge(kind, 1L, Long::sum);
        }
        errorSamples.putIfAbsent(kind, message);
    }
}
