package io.basalt.kv;

import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;

/**
 * The outcome of one command. {@code ok} is false only for a compare-and-set whose expectation
 * failed (or a command that does not decode); {@code value} is the value read, or the previous
 * value for a write ({@code null} when {@code found} is false). {@code txn} and {@code commitTs}
 * name the transaction whose locks covered the command and the timestamp its versions carry
 * (null for reads and commands applied without a transaction).
 */
public record KvResult(boolean ok, boolean found, byte[] value, TxnId txn, Timestamp commitTs) {
    public static final KvResult OK_ABSENT = new KvResult(true, false, null);

    public KvResult(boolean ok, boolean found, byte[] value) {
        this(ok, found, value, null, null);
    }

    public static KvResult of(boolean ok, byte[] value) {
        return new KvResult(ok, value != null, value);
    }

    KvResult stamped(TxnId txn, Timestamp commitTs) {
        return new KvResult(ok, found, value, txn, commitTs);
    }
}
