package io.basalt.txn.engine;

import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import java.util.List;

/**
 * A log entry for the driver to propose: the transaction's writes, all to become visible at
 * {@code commitTs} in one applied entry. For an autocommit write ({@link TxnEngine#autocommit})
 * {@code writes} is empty and {@code attachment} is the driver's own command, now holding its
 * locks. The driver calls {@link TxnEngine#applied} when the entry is applied here, or
 * {@link TxnEngine#proposalFailed} if it could not be proposed.
 */
public record Proposal(TxnId txn, Timestamp commitTs, List<Write> writes, Object attachment) {}
