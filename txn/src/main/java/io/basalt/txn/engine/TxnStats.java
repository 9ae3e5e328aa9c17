package io.basalt.txn.engine;

/** Counters of one engine since it started (since this node became leader). */
public record TxnStats(long begun, long committed, long aborted, long deadlocks, long lockTimeouts,
                       long heartbeatExpiries, long lockWaits, int active, int locksHeld, int waiting) {}
