/**
 * Basalt's deterministic simulator: a whole cluster of Raft replicas running the key-value
 * state machine in one thread, on a simulated network, disks and clocks, under faults and a
 * client workload, watched by safety checkers. Every run is a function of its seed:
 * {@link io.basalt.sim.SimRunner} prints the replay command of any failing seed.
 *
 * <p>A run has a safety phase (faults of every kind) and a liveness phase (faults healed):
 * the cluster must then elect a leader and commit a write within a bounded simulated time.
 */
package io.basalt.sim;
