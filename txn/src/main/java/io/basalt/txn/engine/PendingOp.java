package io.basalt.txn.engine;

import io.basalt.txn.LockMode;
import io.basalt.txn.lock.LockTarget;
import java.util.List;
import java.util.function.Supplier;

/**
 * An operation that needs locks before it runs: the locks in the order they are taken, how
 * many are held so far, and what to do once all are. {@code action} returns the answer, or
 * null when it answers by other means (an autocommit proposal).
 */
final class PendingOp {
    record Need(LockTarget target, LockMode mode) {}

    final long requestId;
    final List<Need> needs;
    final Supplier<TxnResult> action;
    final long deadlineMs;
    int held;

    PendingOp(long requestId, List<Need> needs, Supplier<TxnResult> action, long deadlineMs) {
        this.requestId = requestId;
        this.needs = needs;
        this.action = action;
        this.deadlineMs = deadlineMs;
    }

    Need waitingFor() {
        return needs.get(held);
    }
}
