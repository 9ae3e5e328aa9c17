/**
 * Transactions, as pure single-threaded logic: the lock table of strict two-phase locking,
 * the wait-for graph that finds deadlocks, the hybrid logical clock, multi-version storage of
 * committed values, and the leader's transaction engine that ties them together. Nothing here
 * reads the wall clock, starts threads or does I/O: time arrives through {@link
 * io.basalt.common.Clock} and ticks, and every decision is returned as an effect for the
 * driver (the server's replica loop or the simulator) to carry out.
 */
package io.basalt.txn;
