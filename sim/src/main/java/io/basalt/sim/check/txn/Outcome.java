package io.basalt.sim.check.txn;

/** How a transaction ended, as its client saw it. */
public enum Outcome {
    /** Committed. */
    OK,
    /** Definitely aborted: none of its effects may ever be observed. */
    FAIL,
    /** Unknown (timeout, crash): it may have committed or not. */
    INFO
}
