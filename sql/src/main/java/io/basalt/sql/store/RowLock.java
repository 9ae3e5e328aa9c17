package io.basalt.sql.store;

import io.basalt.txn.LockWait;

/**
 * The lock a read takes on the rows it returns ({@code strength}: none beyond the isolation
 * level's, FOR SHARE, FOR UPDATE) and what it does when another transaction holds a conflicting
 * one ({@code lockWait}: wait, NOWAIT, SKIP LOCKED).
 */
public record RowLock(Strength strength, LockWait lockWait) {
    /** No row lock; a read at the isolation level. */
    public static final RowLock NONE = new RowLock(Strength.NONE, LockWait.WAIT);
    /** FOR SHARE, waiting for a conflicting lock. */
    public static final RowLock SHARE = new RowLock(Strength.SHARE, LockWait.WAIT);
    /** FOR UPDATE, waiting for a conflicting lock. */
    public static final RowLock UPDATE = new RowLock(Strength.UPDATE, LockWait.WAIT);

    /** How strongly the rows are locked. */
    public enum Strength { NONE, SHARE, UPDATE }

    public RowLock {
        if (strength == Strength.NONE && lockWait != LockWait.WAIT) {
            throw new IllegalArgumentException("NOWAIT and SKIP LOCKED need a row lock");
        }
    }

    /** True for FOR UPDATE and FOR SHARE. */
    public boolean locks() {
        return strength != Strength.NONE;
    }
}
