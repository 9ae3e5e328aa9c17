package io.basalt.txn.engine;

/**
 * Deliberate protocol breaks, for mutation tests that prove the simulator's checkers can
 * fail. Never set outside tests and {@code basalt sim --break}.
 */
public enum TxnBreak {
    /** Shared locks are released right after each read instead of at commit: not two-phase. */
    EARLY_LOCK_RELEASE,
    /** Scans take no range lock, so a concurrent insert into the range is a phantom. */
    SKIP_RANGE_LOCKS
}
