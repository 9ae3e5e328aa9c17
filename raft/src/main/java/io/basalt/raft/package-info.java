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
 * entries and snapshot of a {@code Ready} must be durable before any of its messages that vouch
 * for them leave the node ({@link io.basalt.raft.Message#requiresDurableSender()}), so a vote or
 * an append acknowledgement is never given for state a crash could lose. A leader's appends
 * promise nothing about its own disk and may leave in parallel with its fsync.
 *
 * <p>Inside: {@code RaftNode} holds a replica's state and its role transitions ({@code Role}:
 * {@code Follower}, {@code PreCandidate}, {@code Candidate}, {@code Leader}; a learner is a
 * follower outside the voters); {@code Elections} has the voting rules (pre-vote, leader
 * stickiness, one vote per term), {@code LogReceiver} the follower's side of replication,
 * {@code Leader} the leader's (per-replica {@code Progress}, pipelining, commit per replication
 * mode, check-quorum, transfer) with {@code ReadQueue} for read index and leases, and
 * {@code RaftLog} the in-memory log with its commit, persisted and applied positions.
 *
 * <p>Invariants checked at run time: terms never decrease; at most one vote per term (unless
 * the DOUBLE_VOTE break is on); a leader commits only entries of its own term by counting
 * (unless COUNT_OLD_TERM_COMMIT); entries are handed out for applying in index order and never
 * beyond what this replica holds durably; a truncation never reaches below the snapshot.
 *
 * <p>Driver duties beyond the {@code Ready} contract: after a restart, pass the latest
 * snapshot to {@code RaftNode.compact} so that a leader can send it; time out reads whose
 * {@code ReadState} never comes (a leader that steps down drops its pending reads); deliver an
 * {@code InstallSnapshot} by streaming the snapshot ({@code io.basalt.raft.transfer}) and
 * stepping the message into the follower's core once it holds the whole snapshot.
 */
package io.basalt.raft;
