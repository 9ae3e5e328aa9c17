package io.basalt.common;

/**
 * Assertions that stay on in production. A failed invariant is a programming error, never an
 * operating condition: errors a user or the environment can cause are handled and reported
 * elsewhere.
 */
public final class Invariants {
    private Invariants() {}

    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new InvariantViolation(message);
        }
    }

    public static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, args));
        }
    }

    /** Thrown when an invariant fails. */
    public static final class InvariantViolation extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public InvariantViolation(String message) {
            super(message);
        }
    }
}
