/**
 * Fault injection for the safety phase: crashes and restarts, partitions and clogged links,
 * all drawn from the run's seed. The liveness phase turns every fault off.
 */
package io.basalt.sim.fault;
