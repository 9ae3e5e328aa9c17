package io.basalt.txn.engine;

import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;

/** The replicated record of committed transactions, so a commit can be answered again after a failover. */
@FunctionalInterface
public interface Outcomes {
    /** The commit timestamp of {@code txn} if its commit entry was applied here, else null. */
    Timestamp committedAt(TxnId txn);
}
