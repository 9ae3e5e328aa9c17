package io.basalt.sim.check.txn;

import java.util.List;

/**
 * A dependency between two nodes of a {@link DependencyGraph}, with the evidence for it.
 * {@code earlier} and {@code later} are, by type: ww, the two appended values; wr, the value
 * read last (later unused); rw, the value appended next (earlier unused); rt, the first
 * transaction's completion time and the second's invocation time. {@code read} is the list read
 * for wr and rw edges, else null.
 */
record Edge(int from, int to, EdgeType type, String key, List<Long> read, long earlier, long later) {
    /** One clause naming both transactions, the key and the values, e.g. "T9 read k3=[1, 4] before T12 appended 5 (rw)". */
    String explain(List<TxnRecord> nodes) {
        String a = Describe.txn(nodes.get(from).id());
        String b = Describe.txn(nodes.get(to).id());
        return switch (type) {
            case WW -> a + " appended " + earlier + " to " + key + ", then " + b + " appended " + later + " after it (ww)";
            case WR -> a + " appended " + earlier + " to " + key + " and " + b + " read " + Describe.read(key, read) + " (wr)";
            case RW -> a + " read " + Describe.read(key, read) + " before " + b + " appended " + later + " (rw)";
            case RT -> a + " completed at " + earlier + " before " + b + " was invoked at " + later + " (rt)";
        };
    }
}
