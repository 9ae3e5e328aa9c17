package io.basalt.txn.lock;

import io.basalt.txn.LockMode;
import io.basalt.txn.TxnId;
import java.util.Objects;

/** A lock that a transaction holds; returned when a waiting request is granted. */
public record Grant(TxnId txn, LockTarget target, LockMode mode) {
    public Grant {
        Objects.requireNonNull(txn, "txn");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
    }
}
