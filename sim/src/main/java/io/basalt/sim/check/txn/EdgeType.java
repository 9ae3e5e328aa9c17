package io.basalt.sim.check.txn;

/** Why one transaction must precede another in any serial order that explains the history. */
enum EdgeType {
    /** Write-write: the later append follows the earlier one in the key's version order. */
    WW,
    /** Write-read: the reader saw the writer's append as the last element of the list. */
    WR,
    /** Read-write (anti-dependency): the reader did not see the writer's append, which comes next in the order. */
    RW,
    /** Real time: the first transaction completed before the second was invoked. */
    RT
}
