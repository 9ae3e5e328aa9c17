package io.basalt.sql.plan;

import io.basalt.sql.exec.ExecContext;

/**
 * Draws the next value of a sequence, for SERIAL and IDENTITY columns. The catalog's
 * {@code Sequences::next} fits; tests pass a counter.
 */
@FunctionalInterface
public interface NextValue {
    long next(ExecContext ctx, String sequenceName);
}
