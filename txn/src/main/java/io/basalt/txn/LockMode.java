package io.basalt.txn;

/** Lock modes of strict two-phase locking: shared for reads, exclusive for writes. */
public enum LockMode {
    SHARED,
    EXCLUSIVE;

    /** True if a lock in this mode and one in {@code other} may be held by two transactions at once. */
    public boolean compatibleWith(LockMode other) {
        return this == SHARED && other == SHARED;
    }

    /** True if holding this mode already gives what {@code wanted} asks for. */
    public boolean covers(LockMode wanted) {
        return this == EXCLUSIVE || wanted == SHARED;
    }
}
