package io.basalt.server.replica;

/**
 * Counters of the node's write-ahead log since it was opened.
 *
 * @param syncs fsyncs performed; each covers every batch that arrived while the one before ran
 * @param syncNanos time spent in those fsyncs, summed
 * @param records records made durable
 * @param bytes payload bytes made durable
 */
public record LogStats(long syncs, long syncNanos, long records, long bytes) {
    public static final LogStats NONE = new LogStats(0, 0, 0, 0);
}
