/**
 * Transactions in the simulator: the messages between simulated clients and nodes, the
 * node-side desk that hands them to the leader's transaction engine, the transactional
 * workloads (bank, list-append) and how their histories are checked.
 */
package io.basalt.sim.txn;
