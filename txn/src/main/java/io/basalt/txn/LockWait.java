package io.basalt.txn;

/**
 * What a locking read does when another transaction holds a conflicting lock (SELECT ... FOR
 * UPDATE/SHARE and its NOWAIT and SKIP LOCKED options). "Conflicting" means the lock table
 * would queue the request: a conflicting holder, or an earlier conflicting waiter, since first
 * come, first served applies to these requests as to any other.
 */
public enum LockWait {
    /** Queue for the lock, up to lock_timeout, with deadlock detection (the default). */
    WAIT,
    /** Fail at once with SQLSTATE 55P03; the transaction stays open and keeps its locks. */
    NOWAIT,
    /** Answer as if the key had no value, without locking it. */
    SKIP_LOCKED
}
