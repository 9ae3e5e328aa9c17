package io.basalt.txn.lock;

import io.basalt.common.Invariants;
import io.basalt.txn.TxnId;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** The answer to a lock request: held now, or queued behind the listed transactions. */
public sealed interface LockResult permits LockResult.Granted, LockResult.Waiting {

    /** The lock is held (or was already held in a covering mode). */
    record Granted() implements LockResult {}

    /**
     * The request is queued. The blockers are the holders and earlier waiters it conflicts
     * with at the moment of the answer, oldest transaction first; they change as others come
     * and go, so the wait-for graph asks {@link LockTable#blockers} again after each step.
     */
    record Waiting(Set<TxnId> blockers) implements LockResult {
        public Waiting {
            Invariants.check(blockers != null && !blockers.isEmpty(), "a waiting request must have a blocker");
            // Sorted, so that everything derived from it (the wait-for graph, victims, traces)
            // is the same on every replay of a seed.
            blockers = Collections.unmodifiableSortedSet(new TreeSet<>(blockers));
        }
    }
}
