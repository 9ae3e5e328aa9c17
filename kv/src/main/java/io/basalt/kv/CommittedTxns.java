package io.basalt.kv;

import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Transactions whose commit entry was applied, kept for {@link #RETENTION_MICROS} of commit
 * time so a client that repeats its commit (after a lost answer or a failover) learns the real
 * outcome. Pruned by the commit timestamps of applied entries, never by a local clock, so every
 * replica holds the same records.
 */
final class CommittedTxns {
    static final long RETENTION_MICROS = 10L * 60 * 1_000_000;

    private record Committed(TxnId txn, Timestamp commitTs) {}

    private final Map<TxnId, Timestamp> byId = new HashMap<>();
    private final ArrayDeque<Committed> byAge = new ArrayDeque<>();

    void add(TxnId txn, Timestamp commitTs) {
        if (byId.putIfAbsent(txn, commitTs) == null) {
            byAge.addLast(new Committed(txn, commitTs));
        }
        long cutoff = commitTs.wallMicros() - RETENTION_MICROS;
        while (!byAge.isEmpty() && byAge.peekFirst().commitTs().wallMicros() < cutoff) {
            byId.remove(byAge.removeFirst().txn());
        }
    }

    Timestamp committedAt(TxnId txn) {
        return byId.get(txn);
    }

    void forEach(BiConsumer<TxnId, Timestamp> visitor) {
        for (Committed c : byAge) {
            visitor.accept(c.txn(), c.commitTs());
        }
    }

    int size() {
        return byId.size();
    }

    void clear() {
        byId.clear();
        byAge.clear();
    }
}
