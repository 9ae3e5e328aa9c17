package io.basalt.sim.check.txn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who appended each value. The list-append workload appends every value at most once per key,
 * so a value observed in a read names the transaction that wrote it; a history that appends a
 * value twice breaks that contract and is rejected rather than analysed.
 */
final class AppendIndex {
    /** The transaction that appended a value, and the last value it appended to the same key. */
    record Writer(TxnRecord txn, long finalValue) {
        boolean isFinal(long value) {
            return value == finalValue;
        }
    }

    private final Map<String, Map<Long, Writer>> writers = new HashMap<>();

    private AppendIndex() {}

    static AppendIndex of(List<TxnRecord> history) {
        AppendIndex index = new AppendIndex();
        history.forEach(index::add);
        return index;
    }

    /** The writer of {@code value} at {@code key}, or null if no transaction in the history appended it. */
    Writer writer(String key, long value) {
        Map<Long, Writer> byValue = writers.get(key);
        return byValue == null ? null : byValue.get(value);
    }

    private void add(TxnRecord txn) {
        Map<String, Long> last = new HashMap<>();
        for (MicroOp op : txn.ops()) {
            if (op instanceof MicroOp.Append a) {
                last.put(a.key(), a.value());
            }
        }
        for (MicroOp op : txn.ops()) {
            if (op instanceof MicroOp.Append a) {
                Writer w = new Writer(txn, last.get(a.key()));
                Writer prev = writers.computeIfAbsent(a.key(), k -> new HashMap<>()).putIfAbsent(a.value(), w);
                if (prev != null) {
                    throw new IllegalArgumentException("value " + a.value() + " is appended to " + a.key() + " by both "
                        + Describe.txn(prev.txn().id()) + " and " + Describe.txn(txn.id())
                        + "; the list-append workload appends each value once per key");
                }
            }
        }
    }
}
