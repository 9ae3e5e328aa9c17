/**
 * The Raft consensus core: a pure, single-threaded state machine per replication group.
 *
 * <p>{@link io.basalt.raft.RaftNode} takes inputs (a {@link io.basalt.raft.Message}, a tick, a
 * proposal, a finished disk write) and accumulates effects that the driver collects as a
 * {@link io.basalt.raft.Ready}. It never reads a clock, starts a thread, draws unseeded random
 * numbers or performs I/O: the driver ({@code server} in production, {@code sim} in tests)
 * does all of that, which is what lets the simulator replay any run from its seed.
 *
 * <p>The one ordering rule every driver obeys: <b>persist before send</b>. The hard state,
 * entries and snapshot of a {@code Ready} must be durable before any of its messages leave the
 * node, so a vote or an append acknowledgement is never given for state a crash could lose.
 */
package io.basalt.raft;
