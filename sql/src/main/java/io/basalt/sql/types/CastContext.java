package io.basalt.sql.types;

/**
 * Where a cast may happen without being written, as pg_cast.castcontext says: IMPLICIT in any
 * expression, ASSIGNMENT also when storing into a column (INSERT, UPDATE), EXPLICIT only with
 * CAST or {@code ::}. Each context allows everything the ones before it allow.
 */
public enum CastContext {
    IMPLICIT,
    ASSIGNMENT,
    EXPLICIT;

    /** Whether a cast marked {@code required} is allowed in this context. */
    boolean allows(CastContext required) {
        return required.ordinal() <= ordinal();
    }
}
