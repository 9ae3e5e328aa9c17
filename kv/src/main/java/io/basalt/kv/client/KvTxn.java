package io.basalt.kv.client;

import io.basalt.txn.Timestamp;
import java.util.List;

/**
 * One transaction on the key-value store. Read-write transactions lock what they touch
 * (strict two-phase locking on the leader) and see their own writes; read-only ones read a
 * snapshot. Not thread-safe: one transaction is one sequence of steps.
 */
public interface KvTxn extends AutoCloseable {
    /** The value of {@code key} as this transaction sees it, or null. */
    byte[] get(byte[] key) throws KvException;

    /** Reads {@code key} under an exclusive lock (SELECT ... FOR UPDATE). */
    byte[] getForUpdate(byte[] key) throws KvException;

    void put(byte[] key, byte[] value) throws KvException;

    void delete(byte[] key) throws KvException;

    /**
     * Keys {@code start <= k < end} in order ({@code end} null: no upper bound), at most
     * {@code limit} of them (0: the server's maximum). Under SERIALIZABLE the range is locked.
     */
    List<KvRow> scan(byte[] start, byte[] end, int limit) throws KvException;

    /**
     * Asks for {@code key} to be read along with this transaction's next request instead of in
     * a request of its own; a later {@link #get} of it answers from that read. Stores without
     * requests to save ignore it.
     */
    default void prefetch(byte[] key) {
    }

    /**
     * Sends writes the store holds for its next request now, so that their errors (a lock
     * timeout, a deadlock) surface here. Stores that send every write at once do nothing.
     */
    default void flush() throws KvException {
    }

    /** Commits; returns the commit timestamp, or null if nothing was written. */
    Timestamp commit() throws KvException;

    /** Rolls back; idempotent. */
    void abort() throws KvException;

    /** Aborts unless already committed or aborted; never throws. */
    @Override
    void close();
}
