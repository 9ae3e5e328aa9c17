package io.basalt.txn.engine;

/**
 * Deliberate protocol breaks, for mutation tests that prove the simulator's checkers can
 * fail. Never set outside tests and {@code basalt sim --break}.
 */
public enum TxnBreak {
    /** Shared locks are released right after each read instead of at commit: not two-phase. */
    EARLY_LOCK_RELEASE,
    /** Scans lock the rows they find but not the range, so a concurrent insert into it is a phantom. */
    SKIP_RANGE_LOCKS
}
