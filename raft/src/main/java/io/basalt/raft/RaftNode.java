package io.basalt.raft;

import io.basalt.common.Invariants;
import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import java.util.ArrayList;
import java.util.List;

/**
 * One replica of one Raft group: a deterministic, single-threaded state machine.
 *
 * <p>Inputs: {@link #tick()}, {@link #step(Message)}, {@link #propose(byte[])},
 * {@link #readIndex(long)}, {@link #persisted(long, long)} and the operator commands. After any
 * input the driver calls {@link #hasReady()} and, if true, {@link #ready()} to take the
 * effects. The node never performs I/O itself.
 *
 * <p>This class holds the replica's state and the role transitions (see {@link Role}); the
 * voting rules live in {@link Elections}, the follower's side of replication in
 * {@link LogReceiver} and the leader's in {@link Leader}.
 */
public final class RaftNode {
    final RaftConfig config;
    final NodeId self;
    final RaftLog log;
    private final Prng prng;
    private final Elections elections;
    private final LogReceiver receiver;

    long term;
    NodeId votedFor;
    NodeId leaderId;
    Role role = new Follower();
    Membership membership;
    ReplicationMode replicationMode;
    FailoverMode failoverMode;
    /** Logical time: ticks since this node started. Not a clock. */
    long now;
    int electionElapsed;
    private int electionTimeout;
    /** The tick of the last message from the leader of the current term (leader stickiness). */
    long leaderContactTick = Long.MIN_VALUE / 2;
    long lostCommittedEntries;
    /** This log diverges from the leader's at or below its snapshot: only a snapshot repairs it. */
    boolean awaitingSnapshot;
    /** The newest snapshot this node holds, sent to replicas behind the log's start. */
    Snapshot latestSnapshot;

    final List<Message> outMessages = new ArrayList<>();
    final List<ReadState> outReadStates = new ArrayList<>();
    Snapshot outSnapshot;
    boolean outResetStateMachine;
    private SoftState lastSoftState;
    private HardState lastHardState;

    /**
     * @param config this replica's settings
     * @param prng the only source of randomness (election timeouts)
     * @param restored what the node recovered from disk ({@link RaftState#empty()} on first start)
     */
    public RaftNode(RaftConfig config, Prng prng, RaftState restored) {
        this.config = config;
        this.self = config.self();
        this.prng = prng;
        HardState hs = restored.hardState();
        this.log = new RaftLog(restored.snapshot(), restored.entries(), hs.commit());
        // A crash can keep entries of a term whose hard state record did not reach the disk.
        // The term is then at least that of the last entry; the vote of that term was never
        // durable, so it was never sent (persist before send), and forgetting it is safe. Without
        // this, a lone voter could campaign in a term it already led and reuse its indexes.
        if (log.lastTerm() > hs.term()) {
            this.term = log.lastTerm();
            this.votedFor = null;
        } else {
            this.term = hs.term();
            this.votedFor = hs.votedFor();
        }
        this.replicationMode = config.replicationMode();
        this.failoverMode = config.failoverMode();
        this.membership = config.initialMembership();
        refreshMembership();
        this.elections = new Elections(this);
        this.receiver = new LogReceiver(this);
        resetElectionTimer();
        this.lastSoftState = softState();
        this.lastHardState = hs;
    }

    /** One unit of logical time passed. */
    public void tick() {
        now++;
        if (role instanceof Leader leader) {
            leader.tick();
            return;
        }
        electionElapsed++;
        if (electionElapsed >= electionTimeout) {
            resetElectionTimer();
            elections.onElectionTimeout();
        }
    }

    /** A message from another replica arrived. Messages for another group are a caller bug. */
    public void step(Message m) {
        Invariants.check(m.groupId() == config.groupId(), "message for group %d stepped into group %d: %s",
            m.groupId(), config.groupId(), m);
        Invariants.check(self.equals(m.to()), "message to %s stepped into %s: %s", m.to(), self, m);
        if (m.term() > term && !elections.acceptHigherTerm(m)) {
            return;
        }
        if (m.term() < term) {
            receiver.answerStale(m);
            return;
        }
        switch (m) {
            case Message.VoteRequest r -> elections.handleVoteRequest(r);
            case Message.VoteResponse r -> elections.handleVoteResponse(r);
            case Message.AppendRequest r -> receiver.handleAppend(r);
            case Message.InstallSnapshot s -> receiver.handleSnapshot(s);
            case Message.AppendResponse r -> {
                if (role instanceof Leader leader) {
                    leader.handleAppendResponse(r);
                }
            }
            case Message.HeartbeatResponse h -> {
                if (role instanceof Leader leader) {
                    leader.handleHeartbeatResponse(h);
                }
            }
            case Message.TimeoutNow t -> {
                if (!(role instanceof Leader) && membership.isVoter(self)) {
                    elections.campaign(VoteKind.TRANSFER);
                }
            }
        }
    }

    /**
     * Appends {@code data} to the log if this node is the leader.
     *
     * @return the index the entry will have; the proposal succeeded if a committed entry with
     *         this index and the returned term ({@link #term()}) is later applied
     * @throws NotLeaderException if this node is not the leader or is transferring leadership
     */
    public long propose(byte[] data) throws NotLeaderException {
        return requireLeader().propose(Entry.normal(term, log.lastIndex() + 1, data));
    }

    /**
     * Asks for a linearizable read. When leadership is confirmed (read index round or valid
     * lease) a {@link ReadState} with this {@code requestId} appears in a later {@link Ready}.
     *
     * @throws NotLeaderException if this node is not the leader
     */
    public void readIndex(long requestId) throws NotLeaderException {
        // Not requireLeader(): a leader handing off still serves reads (by read index, no lease).
        if (!(role instanceof Leader leader)) {
            throw new NotLeaderException(leaderId, self + " is not the leader of group " + config.groupId());
        }
        leader.readIndex(requestId);
    }

    /** Ticks since this node started: the clock its timeouts and leases are counted in. */
    public long ticks() {
        return now;
    }

    /**
     * For a read served on a leader lease: the tick at which the heartbeat round a quorum last
     * echoed was started, or -1 unless this node leads, has committed an entry of its term, runs
     * check-quorum, fails over automatically and has not tried to hand leadership over in this
     * term. Voters that echoed that round refuse other candidates for the minimum election
     * timeout after receiving it, so a read at the commit index is linearizable while less than
     * {@code leaseTicks} have passed since that tick, measured in real time: ticks alone
     * undercount a paused process, so the driver, which knows real time, decides. Forced
     * (manual) and transfer elections ignore that refusal, hence the conditions.
     */
    public long leaseStartTick() {
        return role instanceof Leader leader ? leader.leaseStartTick() : -1;
    }

    /** The index of the last entry in this node's log, durable or not. */
    public long lastIndex() {
        return log.lastIndex();
    }

    /** The highest log index known committed. */
    public long commitIndex() {
        return log.commitIndex();
    }

    /**
     * A disk write finished: every entry up to {@code index} (whose entry has {@code term}) and
     * every hard state and snapshot handed out in earlier Readys are durable. A stale
     * notification (the entry at {@code index} now has another term) is ignored.
     */
    public void persisted(long index, long term) {
        long before = log.persistedIndex();
        log.persisted(index, term);
        if (log.persistedIndex() > before && role instanceof Leader leader) {
            leader.maybeCommit();
        }
    }

    /** Leadership transfer to {@code target} (Raft §3.10). Only on the leader; else ignored. */
    public void transferLeadership(NodeId target) {
        if (role instanceof Leader leader) {
            leader.transfer(target);
        }
    }

    /**
     * Operator promotion: start a {@link VoteKind#FORCED} election at once. Used with
     * {@link FailoverMode#MANUAL}; voters grant it whatever the completeness of this log.
     */
    public void promote() {
        if (!(role instanceof Leader) && membership.isVoter(self)) {
            elections.campaign(VoteKind.FORCED);
        }
    }

    /** Changes the replication mode live; takes effect for the next commit decision. */
    public void setReplicationMode(ReplicationMode mode) {
        this.replicationMode = java.util.Objects.requireNonNull(mode, "mode");
        if (role instanceof Leader leader) {
            leader.maybeCommit();
        }
    }

    /** Changes the failover mode live. */
    public void setFailoverMode(FailoverMode mode) {
        this.failoverMode = java.util.Objects.requireNonNull(mode, "mode");
    }

    /**
     * Proposes a membership change (one server at a time), allowed only once an entry of the
     * leader's current term has committed and no other change is pending.
     *
     * @return the index of the CONFIG entry
     * @throws IllegalStateException if a change is pending or no entry of this term committed yet
     * @throws IllegalArgumentException if {@code next} differs by more than one server
     */
    public long proposeMembership(Membership next) throws NotLeaderException {
        Leader leader = requireLeader();
        MembershipChange.validate(membership, next);
        Entry last = log.lastConfig();
        if (last != null && last.index() > log.commitIndex()) {
            throw new IllegalStateException("membership change at " + last.index() + " is not committed yet");
        }
        if (!leader.committedInTerm()) {
            throw new IllegalStateException("no entry of term " + term + " committed yet; retry");
        }
        return leader.propose(Entry.config(term, log.lastIndex() + 1, next));
    }

    /**
     * Log-compaction hook: the driver has durably saved {@code snapshot} of its state machine
     * (at an index it has applied); entries up to that index are dropped from the log, and the
     * snapshot is what the leader sends to replicas that fall behind the log's start. Calling
     * it again with the current snapshot index (after a restart) only registers the data.
     */
    public void compact(Snapshot snapshot) {
        SnapshotMeta meta = snapshot.meta();
        if (meta.index() < log.snapshotIndex()) {
            return;
        }
        if (meta.index() > log.snapshotIndex()
            && (meta.index() > log.appliedIndex() || log.term(meta.index()) != meta.term())) {
            // Taken before a reset replaced what it covers (its write was still in flight): it
            // describes entries this log no longer has, so it must not compact anything.
            return;
        }
        if (meta.index() > log.snapshotIndex()) {
            log.compact(meta);
            refreshMembership();
        }
        Invariants.check(meta.term() == log.snapshotTerm(), "snapshot %s does not match log term %d",
            snapshot, log.snapshotTerm());
        latestSnapshot = snapshot;
    }

    /**
     * The term of the entry at {@code index} in this replica's log: the snapshot's term at its
     * index, 0 at index 0, and -1 if the index was compacted away or is beyond the log's end.
     */
    public long termAt(long index) {
        return log.term(index);
    }

    /**
     * The membership in force at {@code index} (from the log's newest CONFIG entry at or below
     * it, else the snapshot's, else the initial one), for a snapshot the driver takes there.
     *
     * @throws IllegalArgumentException if {@code index} lies before this log's snapshot
     */
    public Membership membershipAt(long index) {
        if (index < log.snapshotIndex()) {
            throw new IllegalArgumentException("membership at " + index + " is compacted away (snapshot at "
                + log.snapshotIndex() + ")");
        }
        Membership m = log.membershipAt(index);
        return m != null ? m : config.initialMembership();
    }

    public boolean hasReady() {
        return !softState().equals(lastSoftState) || !hardState().equals(lastHardState) || log.hasUnstable()
            || outSnapshot != null || !outMessages.isEmpty() || outResetStateMachine || log.hasApplicable()
            || !outReadStates.isEmpty();
    }

    /** Takes the accumulated effects. Call only when {@link #hasReady()}. */
    public Ready ready() {
        Invariants.check(hasReady(), "ready() without hasReady() on %s", self);
        SoftState soft = softState();
        HardState hard = hardState();
        Ready ready = new Ready(soft.equals(lastSoftState) ? null : soft, hard.equals(lastHardState) ? null : hard,
            outSnapshot, log.takeUnstable(), outMessages, outResetStateMachine, log.takeApplicable(),
            outReadStates);
        lastSoftState = soft;
        lastHardState = hard;
        outSnapshot = null;
        outResetStateMachine = false;
        outMessages.clear();
        outReadStates.clear();
        if (role instanceof Leader leader) {
            leader.handedOut();
        }
        return ready;
    }

    public long term() {
        return term;
    }

    public RaftRole role() {
        if (role instanceof Follower && membership.isLearner(self)) {
            return RaftRole.LEARNER;
        }
        return role.raftRole();
    }

    public NodeId leader() {
        return leaderId;
    }

    public RaftStatus status() {
        return StatusReport.of(this);
    }

    // ---- transitions and helpers shared with Elections, LogReceiver and Leader ----

    void becomeFollower(long newTerm, NodeId leader) {
        Invariants.check(newTerm >= term, "term going back from %d to %d on %s", term, newTerm, self);
        if (newTerm > term) {
            term = newTerm;
            votedFor = null;
        }
        role = new Follower();
        leaderId = leader;
        if (leader != null) {
            leaderContactTick = now;
        }
        resetElectionTimer();
    }

    void becomePreCandidate() {
        role = new PreCandidate(new Votes());
        leaderId = null;
        resetElectionTimer();
    }

    void becomeCandidate(VoteKind kind) {
        term++;
        votedFor = self;
        leaderId = null;
        role = new Candidate(new Votes(), kind);
        resetElectionTimer();
    }

    void becomeLeader() {
        Invariants.check(role instanceof Candidate, "%s becomes leader from %s", self, role);
        leaderId = self;
        Leader leader = new Leader(this);
        role = leader;
        leader.start();
    }

    void resetElectionTimer() {
        electionElapsed = 0;
        int min = config.electionTimeoutTicksMin();
        electionTimeout = prng.nextInt(min, 2 * min - 1);
    }

    void send(Message m) {
        outMessages.add(m);
    }

    /** Picks up the configuration of the newest CONFIG entry in the log (Raft §4.1). */
    void refreshMembership() {
        Entry last = log.lastConfig();
        Membership next = last != null ? last.membership()
            : log.snapshotMembership() != null ? log.snapshotMembership() : config.initialMembership();
        if (!next.equals(membership)) {
            membership = next;
            if (role instanceof Leader leader) {
                leader.syncMembers();
            }
        }
    }

    SoftState softState() {
        return new SoftState(role(), term, leaderId);
    }

    HardState hardState() {
        return new HardState(term, votedFor, log.commitIndex());
    }

    private Leader requireLeader() throws NotLeaderException {
        if (!(role instanceof Leader leader)) {
            throw new NotLeaderException(leaderId, self + " is not the leader of group " + config.groupId());
        }
        if (leader.transferTarget() != null) {
            throw new NotLeaderException(leader.transferTarget(),
                self + " is transferring leadership to " + leader.transferTarget());
        }
        return leader;
    }
}
