package io.basalt.raft;

import io.basalt.common.Invariants;
import io.basalt.common.NodeId;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's side: replication to every other member with pipelining and flow control,
 * the commit decision per {@link ReplicationMode}, heartbeats, check-quorum, read index and
 * lease reads, and leadership transfer.
 *
 * <p>Every append carries the current heartbeat <i>round</i> as its {@code readContext}; an
 * answer echoing round {@code r} proves the replica accepted this leader after round
 * {@code r} began. A read waits for a quorum to echo a round started after it arrived; a
 * lease is measured from the start of the round a quorum echoed.
 */
final class Leader implements Role {
    private final RaftNode node;
    private final Map<NodeId, Progress> progress = new TreeMap<>();
    private final ReadQueue reads;
    private NodeId transferTarget;
    private long transferStartTick;
    /** A leadership transfer was started in this term: no lease for the rest of it. */
    private boolean transferred;
    private long round;
    private final TreeMap<Long, Long> roundStartTicks = new TreeMap<>();
    private int heartbeatElapsed;

    Leader(RaftNode node) {
        this.node = node;
        this.reads = new ReadQueue(node, this);
    }

    @Override
    public RaftRole raftRole() {
        return RaftRole.LEADER;
    }

    /** Appends the no-op of the new term (Raft §5.4.2) and starts replicating it. */
    void start() {
        newRound();
        syncMembers();
        RaftLog log = node.log;
        log.append(Entry.noop(node.term, log.lastIndex() + 1));
        maybeCommit();
        broadcastAppend(false);
    }

    NodeId transferTarget() {
        return transferTarget;
    }

    Map<NodeId, Progress> progress() {
        return Collections.unmodifiableMap(progress);
    }

    long round() {
        return round;
    }

    /** Starts a heartbeat round and returns its number. */
    long newRound() {
        round++;
        roundStartTicks.put(round, node.now);
        roundStartTicks.headMap(round - 4L * node.config.electionTimeoutTicksMin()).clear();
        return round;
    }

    /** Adds progress for new members and drops removed ones after a CONFIG entry. */
    void syncMembers() {
        Membership m = node.membership;
        progress.keySet().removeIf(id -> !m.contains(id));
        for (NodeId id : m.all()) {
            if (!id.equals(node.self) && !progress.containsKey(id)) {
                Progress pr = new Progress(node.log.lastIndex() + 1);
                pr.lastHeardTick = node.now;
                progress.put(id, pr);
            }
        }
        if (transferTarget != null && !m.isVoter(transferTarget)) {
            transferTarget = null;
        }
    }

    void tick() {
        RaftConfig config = node.config;
        if (config.checkQuorum() && !config.broken(ProtocolBreak.LEASE_READ_WITHOUT_CHECK_QUORUM) && !quorumActive()) {
            node.becomeFollower(node.term, null);
            return;
        }
        if (transferTarget != null && node.now - transferStartTick >= config.electionTimeoutTicksMin()) {
            transferTarget = null;
        }
        for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
            Progress pr = e.getValue();
            if (pr.state == Progress.State.SNAPSHOT
                && node.now - pr.snapshotSentTick >= config.electionTimeoutTicksMin()) {
                pr.becomeProbe();
                pr.next = pr.match + 1;
                sendAppend(e.getKey(), pr, true);
            }
        }
        if (++heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            broadcastHeartbeat();
        }
    }

    /** Check-quorum: a quorum of voters (this leader included) was heard from within an election timeout. */
    private boolean quorumActive() {
        long heard = VoterQuorum.quorumValue(node.membership, node.self, progress, pr -> pr.lastHeardTick, node.now,
            Long.MIN_VALUE / 2);
        return node.now - heard < node.config.electionTimeoutTicksMin();
    }

    boolean recentlyActive(Progress pr) {
        return node.now - pr.lastHeardTick < node.config.electionTimeoutTicksMin();
    }

    long propose(Entry entry) {
        node.log.append(entry);
        if (entry.type() == EntryType.CONFIG) {
            node.refreshMembership();
        }
        broadcastAppend(false);
        return entry.index();
    }

    void broadcastHeartbeat() {
        broadcastHeartbeat(newRound());
    }

    void broadcastHeartbeat(long r) {
        for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
            Progress pr = e.getValue();
            if (pr.state == Progress.State.PROBE) {
                // A replica being probed gets the probe again instead: it resets its timer like
                // a heartbeat, and a lost probe or answer cannot stall the repair.
                pr.probeSent = false;
                sendAppend(e.getKey(), pr, true);
            } else {
                sendHeartbeat(e.getKey(), pr, r);
            }
        }
    }

    private void sendHeartbeat(NodeId to, Progress pr, long r) {
        RaftLog log = node.log;
        long prev = log.term(pr.match) >= 0 ? pr.match : log.snapshotIndex();
        node.send(new Message.AppendRequest(node.config.groupId(), node.self, to, node.term, prev, log.term(prev),
            List.of(), Math.min(log.commitIndex(), prev), r));
    }

    void broadcastAppend(boolean sendIfEmpty) {
        for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
            boolean allowEmpty = sendIfEmpty;
            while (sendAppend(e.getKey(), e.getValue(), allowEmpty)) {
                allowEmpty = false;
            }
        }
    }

    /**
     * Sends the next append (or the snapshot) to {@code to} unless flow control holds it back.
     * Returns true if an append with entries went out, so the caller may pipeline another.
     */
    boolean sendAppend(NodeId to, Progress pr, boolean sendIfEmpty) {
        if (pr.paused(node.config.inflightAppendsMax())) {
            return false;
        }
        RaftLog log = node.log;
        long prev = pr.next - 1;
        long prevTerm = log.term(prev);
        if (prevTerm < 0 || pr.next < log.firstIndex()) {
            sendSnapshot(to, pr, false);
            return false;
        }
        List<Entry> entries = pr.next <= log.lastIndex()
            ? log.slice(pr.next, node.config.appendEntriesMax(), node.config.appendBytesMax()) : List.of();
        if (entries.isEmpty() && !sendIfEmpty) {
            return false;
        }
        node.send(new Message.AppendRequest(node.config.groupId(), node.self, to, node.term, prev, prevTerm,
            entries, log.commitIndex(), round));
        pr.sent(prev + entries.size(), !entries.isEmpty());
        return !entries.isEmpty() && pr.state == Progress.State.REPLICATE;
    }

    private void sendWindowProbe(NodeId to, Progress pr) {
        long prev = pr.next - 1;
        long prevTerm = node.log.term(prev);
        if (prevTerm >= 0) {
            node.send(new Message.AppendRequest(node.config.groupId(), node.self, to, node.term, prev, prevTerm,
                List.of(), Math.min(node.log.commitIndex(), pr.match), round));
        }
    }

    /**
     * Sends the latest snapshot; unless {@code replace} (the replica diverges at or below its
     * own snapshot and asked for ours), only if it covers the replica's next entry.
     */
    private void sendSnapshot(NodeId to, Progress pr, boolean replace) {
        Snapshot snapshot = node.latestSnapshot;
        if (snapshot == null || (!replace && snapshot.meta().index() < pr.next - 1)) {
            // Restarted without the snapshot's data: the driver registers it with compact().
            return;
        }
        node.send(new Message.InstallSnapshot(node.config.groupId(), node.self, to, node.term, snapshot));
        pr.becomeSnapshot(snapshot.meta().index(), node.now);
    }

    void handleAppendResponse(Message.AppendResponse r) {
        Progress pr = progress.get(r.from());
        if (pr == null) {
            return;
        }
        heard(pr, r.readContext());
        if (r.success()) {
            onAccepted(r.from(), pr, r.matchIndex(), r.readContext());
        } else {
            onRejected(r.from(), pr, r);
        }
        reads.release();
    }

    /** A follower is alive and follows this leader (check-quorum), and has seen read round {@code h.readContext()}. */
    void handleHeartbeatResponse(Message.HeartbeatResponse h) {
        Progress pr = progress.get(h.from());
        if (pr == null) {
            return;
        }
        heard(pr, h.readContext());
        reads.release();
    }

    private void heard(Progress pr, long readContext) {
        pr.lastHeardTick = node.now;
        if (readContext > pr.ackedRound) {
            pr.ackedRound = readContext;
            Long start = roundStartTicks.get(readContext);
            if (start != null) {
                pr.ackedSendTick = start;
            }
        }
    }

    private void onAccepted(NodeId from, Progress pr, long matchIndex, long round) {
        boolean advanced = pr.maybeUpdate(matchIndex, round);
        switch (pr.state) {
            case SNAPSHOT -> {
                if (pr.match >= pr.pendingSnapshot) {
                    pr.becomeReplicate();
                }
            }
            case PROBE -> {
                pr.probeSent = false;
                if (advanced) {
                    pr.becomeReplicate();
                }
            }
            case REPLICATE -> {
                if (!advanced && pr.match < pr.next - 1
                    && node.now - pr.windowProbeTick >= node.config.heartbeatTicks()) {
                    // An answer (to a heartbeat) that acknowledges nothing new while appends are
                    // in flight: one may be lost. An empty append at the end of the window is
                    // rejected if there is a gap, which turns this replica back to probing.
                    // Under load most answers acknowledge nothing new only because later ones
                    // are still on their way, so probes are limited to one per heartbeat
                    // interval: otherwise every probe's answer would trigger another probe.
                    pr.windowProbeTick = node.now;
                    sendWindowProbe(from, pr);
                }
            }
        }
        if (advanced) {
            maybeCommit();
            if (node.role != this) {
                return;
            }
        }
        if (from.equals(transferTarget) && pr.match == node.log.lastIndex()) {
            sendTimeoutNow(from);
        }
        boolean more = pr.state != Progress.State.REPLICATE || pr.next <= node.log.lastIndex();
        while (more && sendAppend(from, pr, false)) {
            more = pr.next <= node.log.lastIndex();
        }
    }

    private void onRejected(NodeId from, Progress pr, Message.AppendResponse r) {
        RaftLog log = node.log;
        if (pr.state == Progress.State.SNAPSHOT) {
            return;
        }
        if (r.rejectHint() == 0) {
            // The replica's log diverges at or below its snapshot: replace it with ours.
            if (log.snapshotIndex() == 0 || node.latestSnapshot == null) {
                // No snapshot to send yet: hold back until the next heartbeat (and the driver's
                // next compaction).
                pr.becomeProbe();
                pr.probeSent = true;
                return;
            }
            // Whatever it acknowledged before is replaced along with its log.
            pr.match = Math.min(pr.match, node.latestSnapshot.meta().index());
            sendSnapshot(from, pr, true);
            return;
        }
        if (r.rejectHint() <= pr.match) {
            if (r.readContext() <= pr.matchRound) {
                // Older than the acknowledgement that set match: a stale answer.
                return;
            }
            // Sent after the replica acknowledged match, yet it lacks entries up to match: its
            // disk lost a tail it had reported durable (a torn or cut file). Send them again.
            pr.lostTail(r.rejectHint() - 1);
            sendAppend(from, pr, true);
            return;
        }
        long j = r.rejectHintTerm() > 0
            ? log.lastIndexWithTermAtMost(r.rejectHint() - 1, r.rejectHintTerm()) : r.rejectHint() - 1;
        if (j == log.snapshotIndex() && r.rejectHintTerm() > 0 && log.snapshotTerm() > r.rejectHintTerm()) {
            j--;
        }
        long next = Math.max(pr.match + 1, Math.min(pr.next - 1, j + 1));
        if (pr.state == Progress.State.PROBE && r.rejectHint() > pr.next && r.rejectHintTerm() > 0
            && log.term(r.rejectHint() - 1) == r.rejectHintTerm()) {
            // We probed below the replica's snapshot; its last entry is ours: continue after it.
            next = r.rejectHint();
        }
        boolean progressed = next != pr.next || pr.state != Progress.State.PROBE;
        pr.next = next;
        pr.becomeProbe();
        if (progressed) {
            sendAppend(from, pr, true);
        } else {
            // The same probe again would be rejected again: wait for the next heartbeat.
            pr.probeSent = true;
        }
    }

    /** Advances the commit index per the replication mode; only entries of this term count (§5.4.2). */
    void maybeCommit() {
        RaftLog log = node.log;
        long candidate = switch (node.replicationMode) {
            case SYNC -> quorumMatch();
            case SYNC_ALL -> minVoterMatch();
            case ASYNC -> log.persistedIndex();
        };
        if (candidate <= log.commitIndex()) {
            return;
        }
        if (log.term(candidate) != node.term && !node.config.broken(ProtocolBreak.COUNT_OLD_TERM_COMMIT)) {
            return;
        }
        log.commitTo(candidate);
        reads.onCommit();
        Entry config = log.lastConfig();
        if (!node.membership.isVoter(node.self) && (config == null || config.index() <= log.commitIndex())) {
            // Removed from the voters and the change committed: hand over by stepping down.
            broadcastAppend(true);
            node.becomeFollower(node.term, null);
            return;
        }
        broadcastAppend(true);
    }

    private long quorumMatch() {
        return VoterQuorum.quorumValue(node.membership, node.self, progress, pr -> pr.match,
            node.log.persistedIndex(), 0);
    }

    long minVoterMatch() {
        return VoterQuorum.minValue(node.membership, node.self, progress, pr -> pr.match, node.log.persistedIndex(), 0);
    }

    boolean committedInTerm() {
        return node.log.term(node.log.commitIndex()) == node.term;
    }

    /** The round a quorum of voters has echoed (this leader counts as echoing the current one). */
    long quorumAckedRound() {
        return VoterQuorum.quorumValue(node.membership, node.self, progress, pr -> pr.ackedRound, round, -1);
    }

    /** The start tick of the newest round a quorum echoed; the lease runs from there. */
    long quorumAckedSendTick() {
        return VoterQuorum.quorumValue(node.membership, node.self, progress, pr -> pr.ackedSendTick, node.now, -1);
    }

    void readIndex(long requestId) {
        reads.add(requestId);
    }

    /**
     * The tick the round a quorum last echoed was started at, if a lease may rest on it, else -1:
     * see {@link RaftNode#leaseStartTick()}.
     */
    long leaseStartTick() {
        // A transfer's target wins with votes that ignore stickiness, and its vote requests may
        // arrive late, after voters echoed later rounds: once a transfer was started, echoes
        // prove nothing about who may lead, for the rest of the term, even if it was given up.
        if (!committedInTerm() || transferred || !node.config.checkQuorum()
            || node.failoverMode == FailoverMode.MANUAL) {
            return -1;
        }
        return quorumAckedSendTick();
    }

    /** The node's outbox was handed out in a Ready. */
    void handedOut() {
        reads.handedOut();
    }

    void transfer(NodeId target) {
        if (target.equals(node.self) || !node.membership.isVoter(target) || target.equals(transferTarget)) {
            return;
        }
        transferTarget = target;
        transferStartTick = node.now;
        transferred = true;
        Progress pr = progress.get(target);
        Invariants.check(pr != null, "no progress for voter %s", target);
        if (pr.match == node.log.lastIndex()) {
            sendTimeoutNow(target);
        } else if (pr.state != Progress.State.SNAPSHOT) {
            // Catch the target up now rather than at the next heartbeat: resend from its match.
            pr.next = pr.match + 1;
            pr.becomeProbe();
            sendAppend(target, pr, true);
        }
    }

    private void sendTimeoutNow(NodeId to) {
        node.send(new Message.TimeoutNow(node.config.groupId(), node.self, to, node.term));
    }
}
