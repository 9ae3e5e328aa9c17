/**
 * Node hosts: each drives one Raft replica and its key-value state machine through the Ready
 * contract (persist, then send; apply; serve reads) on the simulated disk and network.
 * Invariant: under the normal contract no message leaves a host before the Ready that produced
 * it is durable; the host reports a violation if it ever would.
 */
package io.basalt.sim.node;
