/**
 * The simulated network: per-message random latency (hence reordering), drops, duplicates,
 * partitions of every shape (symmetric, one-way, bridge) and clogged links. Node-to-node and
 * client-to-node traffic share it. All randomness comes from the run's seed.
 */
package io.basalt.sim.net;
