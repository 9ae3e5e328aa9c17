/**
 * The replicas a node hosts, one per group, each driven by its own single-threaded event loop
 * that owns the group's Raft node and state machine; and the write-ahead log beneath them.
 *
 * <p>Invariants: a Ready's messages leave only after its records (and every earlier Ready's)
 * are durable; client writes are answered only when their own (index, term) entry is applied;
 * a failed log write is final for the replica; a log segment is released only when no group
 * needs any record in it (the latest snapshot and hard state are rewritten first).
 */
package io.basalt.server.replica;
