package io.basalt.txn.engine;

import io.basalt.common.SqlState;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How transactions that are no longer open here ended, so a repeated commit or abort is
 * answered with the real outcome: commits through the log from the replicated {@link Outcomes},
 * aborts and commits that wrote nothing from memory, and transactions that were committing when
 * the leader closed as in doubt.
 */
final class Endings {
    /** Endings remembered in memory; the oldest are forgotten first. */
    private static final int RECENT_ENDINGS_MAX = 100_000;

    private final Outcomes outcomes;
    private final Map<TxnId, TxnResult> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TxnId, TxnResult> eldest) {
            return size() > RECENT_ENDINGS_MAX;
        }
    };
    /** Transactions that were committing when the engine closed: their entry may still commit. */
    private final Set<TxnId> inDoubt = new HashSet<>();

    Endings(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    void ended(TxnId id, TxnResult how) {
        recent.put(id, how);
    }

    void inDoubt(TxnId id) {
        inDoubt.add(id);
    }

    /** Committed, aborted (with its reason), in doubt, or not known here (aborted). */
    TxnResult outcome(TxnId id) {
        Timestamp ts = outcomes.committedAt(id);
        if (ts != null) {
            return new TxnResult.Committed(ts);
        }
        TxnResult ending = recent.get(id);
        if (ending != null) {
            return ending;
        }
        if (inDoubt.contains(id)) {
            return new TxnResult.Unknown("transaction " + id + " was committing when this node stopped leading;"
                + " ask the new leader for its outcome");
        }
        return leaderChanged(id, "it is not open on this leader");
    }

    static TxnResult.Failed leaderChanged(TxnId id, String why) {
        return new TxnResult.Failed(SqlState.SERIALIZATION_FAILURE, "transaction " + id + " was aborted: " + why
            + " (its locks lived on a leader that has changed, or it timed out); retry the transaction", true);
    }
}
