/**
 * The client workload and its history: concurrent clients doing get, put and compare-and-set
 * on a few keys through the simulated network, each operation recorded with its invocation,
 * its answer (or "unknown" after a timeout) and where an acknowledged write landed in the log.
 */
package io.basalt.sim.workload;
