/**
 * Deadlock detection: the wait-for graph between transactions, united over the shards that
 * report edges into it, and the choice of which transaction to abort when it has a cycle.
 *
 * <p>Invariants: no transaction waits for itself; an edge is in the graph exactly while at
 * least one source reports it; every search visits transactions in {@link io.basalt.txn.TxnId}
 * order so results are a pure function of the reported edges; the victim of a cycle is always
 * its youngest transaction. Pure, single-threaded logic with no clock and no I/O.
 */
package io.basalt.txn.deadlock;
