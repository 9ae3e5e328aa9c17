package io.basalt.txn.engine;

import io.basalt.txn.KeyRange;
import io.basalt.txn.Keys;
import io.basalt.txn.Timestamp;
import io.basalt.txn.Write;
import io.basalt.txn.mvcc.KeyValue;
import io.basalt.txn.mvcc.MvccStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A read-write transaction's scan: the latest committed rows with its own buffered writes laid over them. */
final class ScanMerge {
    private ScanMerge() {
    }

    static List<KeyValue> merge(MvccStore store, NavigableMap<byte[], Write> buffer, KeyRange range, int limit) {
        NavigableMap<byte[], Write> own = range.end() == null
            ? buffer.tailMap(range.start(), true) : buffer.subMap(range.start(), true, range.end(), false);
        int deletes = 0;
        for (Write w : own.values()) {
            deletes += w.isDelete() ? 1 : 0;
        }
        // Each buffered delete can hide at most one committed row: fetch that many more.
        long fetch = Math.min(Integer.MAX_VALUE, (long) limit + deletes);
        TreeMap<byte[], KeyValue> rows = new TreeMap<>(Keys.ORDER);
        for (KeyValue kv : store.scan(range, Timestamp.MAX, (int) fetch)) {
            rows.put(kv.key(), kv);
        }
        for (Map.Entry<byte[], Write> e : own.entrySet()) {
            if (e.getValue().isDelete()) {
                rows.remove(e.getKey());
            } else {
                // The transaction's own write is not committed yet: it shows as "after everything".
                rows.put(e.getKey(), new KeyValue(e.getKey(), e.getValue().value(), Timestamp.MAX));
            }
        }
        List<KeyValue> out = new ArrayList<>(Math.min(limit, rows.size()));
        for (KeyValue kv : rows.values()) {
            if (out.size() == limit) {
                break;
            }
            out.add(kv);
        }
        return out;
    }
}
