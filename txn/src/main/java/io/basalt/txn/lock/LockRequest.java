package io.basalt.txn.lock;

import io.basalt.txn.LockMode;
import io.basalt.txn.TxnId;

/**
 * A request for a lock, waiting or being decided. An upgrade asks for a stronger mode on a
 * target its transaction already holds, and is queued ahead of ordinary requests.
 */
record LockRequest(TxnId txn, LockTarget target, LockMode mode, boolean upgrade) {

    /**
     * True if a lock of {@code otherMode} held by {@code otherTxn} on an overlapping target
     * keeps this request waiting. A transaction's own locks never do.
     */
    boolean incompatibleWith(TxnId otherTxn, LockMode otherMode) {
        return !txn.equals(otherTxn) && !mode.compatibleWith(otherMode);
    }

    /** True if {@code ahead}, queued before this request, keeps it waiting (as if it were held). */
    boolean conflictsWith(LockRequest ahead) {
        return incompatibleWith(ahead.txn, ahead.mode) && target.overlaps(ahead.target);
    }

    Grant grant() {
        return new Grant(txn, target, mode);
    }
}
