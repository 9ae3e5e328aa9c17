package io.basalt.sim.check.txn;

import java.util.List;
import java.util.Objects;

/** One micro-operation of a transaction: an append of a value to a key's list, or a read of the whole list. */
public sealed interface MicroOp permits MicroOp.Append, MicroOp.Read {
    String key();

    /** Appends {@code value} to the list at {@code key}; the workload never appends one value twice to a key. */
    record Append(String key, long value) implements MicroOp {
        public Append {
            Objects.requireNonNull(key, "key");
        }
    }

    /** values: the list as read (null if the read's result is unknown, e.g. the txn's outcome is unknown). */
    record Read(String key, List<Long> values) implements MicroOp {
        public Read {
            Objects.requireNonNull(key, "key");
            values = values == null ? null : List.copyOf(values);
        }
    }
}
