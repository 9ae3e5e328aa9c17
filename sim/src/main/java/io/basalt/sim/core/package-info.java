/**
 * The simulation's clockwork: one event queue ordered by (simulated time, sequence) and a
 * digest of the run. Nothing here reads the wall clock or starts a thread; the queue alone
 * decides what happens next, so a seed replays a run exactly.
 */
package io.basalt.sim.core;
