package io.basalt.kv;

import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Transactions whose commit entry was applied, kept so a client that repeats its commit (after
 * a lost answer or a failover) learns the real outcome. A record is dropped only when it is
 * both {@link #RETENTION_MICROS} of commit time old and more than {@link #RETAINED_MIN} commits
 * back: a leader whose clock runs fast cannot age recent records out early. Pruned by applied
 * entries, never by a local clock, so every replica holds the same records.
 */
final class CommittedTxns {
    static final long RETENTION_MICROS = 10L * 60 * 1_000_000;
    static final int RETAINED_MIN = 100_000;

    private record Committed(TxnId txn, Timestamp commitTs) {}

    private final Map<TxnId, Timestamp> byId = new HashMap<>();
    private final ArrayDeque<Committed> byAge = new ArrayDeque<>();

    void add(TxnId txn, Timestamp commitTs) {
        if (byId.putIfAbsent(txn, commitTs) == null) {
            byAge.addLast(new Committed(txn, commitTs));
        }
        long cutoff = commitTs.wallMicros() - RETENTION_MICROS;
        while (byAge.size() > RETAINED_MIN && byAge.peekFirst().commitTs().wallMicros() < cutoff) {
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
