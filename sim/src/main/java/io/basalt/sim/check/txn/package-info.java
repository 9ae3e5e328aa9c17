/**
 * Checkers for transactional histories: pure functions from a recorded history to a list of
 * named anomalies, each with an explanation a developer can follow edge by edge.
 *
 * <p>{@link io.basalt.sim.check.txn.ListAppendChecker} is Elle's list-append analysis
 * (Kingsbury and Alvaro, VLDB 2020): appends are unique per key and reads return whole lists,
 * so committed reads reveal each key's version order, and the orders reveal write-write,
 * write-read and read-write (anti-)dependencies between transactions. A cycle in that graph is
 * an isolation anomaly, classified by the edges it needs (G0, G1c, G-single, G2, and
 * "-realtime" variants when only the real-time order closes it). Anomalies that need no cycle
 * (aborted and intermediate reads, internal inconsistency, duplicated appends, incompatible
 * orders) are found directly. {@link io.basalt.sim.check.txn.BankChecker} checks the
 * conservation invariant of the bank-transfer workload.
 *
 * <p>Invariants: the checkers never mutate their input, never consult a clock or a random
 * source, and report the same anomalies in the same order for the same history. A history that
 * breaks the workload's own contract (one value appended twice, two transactions with one id)
 * is a programmer error and raises {@link java.lang.IllegalArgumentException}.
 */
package io.basalt.sim.check.txn;
