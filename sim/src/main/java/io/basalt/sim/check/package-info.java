/**
 * The safety checkers of a run: election safety, log matching, leader completeness,
 * state-machine safety, durability of acknowledged writes and linearizability of the client
 * history. Each finding is a named {@link io.basalt.sim.check.Violation} with its evidence;
 * in async mode the findings that follow from lost writes by design are notes, not failures.
 */
package io.basalt.sim.check;
