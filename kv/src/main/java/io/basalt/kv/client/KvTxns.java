package io.basalt.kv.client;

import io.basalt.txn.Isolation;

/** Starts transactions on the key-value store. Thread-safe. */
public interface KvTxns {
    KvTxn begin(boolean readOnly, Isolation isolation) throws KvException;
}
