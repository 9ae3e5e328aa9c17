package io.basalt.kv.client;

import io.basalt.txn.LockWait;
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

    /**
     * Reads {@code key} under the row lock of SELECT ... FOR UPDATE ({@code forUpdate}) or FOR
     * SHARE (the lock a plain read takes at this isolation), with {@code wait} for a lock another
     * transaction holds: {@link LockWait#WAIT} queues as {@link #get} and {@link #getForUpdate}
     * do, {@link LockWait#NOWAIT} fails at once with SQLSTATE 55P03 (the transaction stays open),
     * {@link LockWait#SKIP_LOCKED} answers null without locking. Stores that cannot refuse a
     * lock without waiting support only WAIT.
     */
    default byte[] getLocked(byte[] key, boolean forUpdate, LockWait wait) throws KvException {
        if (wait != LockWait.WAIT) {
            throw unsupported(wait);
        }
        return forUpdate ? getForUpdate(key) : get(key);
    }

    void put(byte[] key, byte[] value) throws KvException;

    void delete(byte[] key) throws KvException;

    /**
     * Keys {@code start <= k < end} in order ({@code end} null: no upper bound), at most
     * {@code limit} of them (0: the server's maximum). Under SERIALIZABLE the range is locked.
     */
    List<KvRow> scan(byte[] start, byte[] end, int limit) throws KvException;

    /**
     * The scan of a locking read, which locks each row it keeps with {@link #getLocked}: under
     * SERIALIZABLE the range lock follows {@code wait} too. NOWAIT fails with 55P03 if it is held;
     * SKIP_LOCKED takes no range lock (it could not skip part of a range) and reads the latest
     * committed rows, so such a statement is not protected against phantoms.
     */
    default List<KvRow> scan(byte[] start, byte[] end, int limit, LockWait wait) throws KvException {
        if (wait != LockWait.WAIT) {
            throw unsupported(wait);
        }
        return scan(start, end, limit);
    }

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

    private static KvException unsupported(LockWait wait) {
        return new KvException("this store cannot lock rows with " + wait, "0A000", false);
    }
}
