package io.basalt.txn.engine;

import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.mvcc.KeyValue;
import java.util.List;

/** The answer to one request to the transaction engine. */
public sealed interface TxnResult {
    /** A transaction began; read-only ones read at {@code readTs}. */
    record Began(TxnId txn, Timestamp readTs) implements TxnResult {}

    /** A read's value; null if the key has none. */
    record Value(byte[] value) implements TxnResult {}

    /** A scan's rows in key order. */
    record Rows(List<KeyValue> rows) implements TxnResult {}

    /** A write was buffered, an abort done, a heartbeat noted. */
    record Done() implements TxnResult {}

    /** The transaction committed at {@code commitTs} (null for one that wrote nothing). */
    record Committed(Timestamp commitTs) implements TxnResult {}

    /**
     * The request failed with a PostgreSQL SQLSTATE. If {@code aborted}, the transaction is over
     * (deadlock victim, lock timeout, limit, leader change) and the client may retry it whole.
     */
    record Failed(String sqlState, String message, boolean aborted) implements TxnResult {}

    /**
     * The commit was proposed but this leader lost its role before learning the outcome; ask the
     * new leader with the same transaction id, which answers with the real outcome.
     */
    record Unknown(String message) implements TxnResult {}

    Done DONE = new Done();
}
