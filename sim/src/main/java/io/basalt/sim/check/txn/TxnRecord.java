package io.basalt.sim.check.txn;

import java.util.List;
import java.util.Objects;

/**
 * A transaction as a client saw it: invoked at invokeTime, answered at completeTime (sim time,
 * ms or µs; INFO ops have completeTime = Long.MAX_VALUE).
 */
public record TxnRecord(int id, int process, long invokeTime, long completeTime, Outcome outcome, List<MicroOp> ops) {
    public TxnRecord {
        Objects.requireNonNull(outcome, "outcome");
        ops = List.copyOf(ops);
        if (completeTime < invokeTime) {
            throw new IllegalArgumentException("T" + id + " completed at " + completeTime + " before it was invoked at " + invokeTime);
        }
    }
}
