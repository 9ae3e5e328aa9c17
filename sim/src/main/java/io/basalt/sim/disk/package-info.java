/**
 * The simulated disk holding each node's Raft log as records (hard state, snapshot, entries).
 * Invariant: what survives a crash is the synced records, then a prefix of the unsynced ones
 * and a torn piece of the next; a corrupt record before the tail keeps the node down.
 */
package io.basalt.sim.disk;
