package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.List;

/**
 * The follower's side of replication (Raft figure 2, AppendEntries receiver rules): checks
 * that the leader's log matches at the previous entry, repairs conflicts, installs snapshots
 * and answers. Answers go into the same {@link Ready} as the entries they acknowledge, so the
 * driver sends them only once those entries are durable. A heartbeat is also answered at once
 * with a {@link Message.HeartbeatResponse}, which acknowledges no entry.
 */
final class LogReceiver {
    private final RaftNode node;

    LogReceiver(RaftNode node) {
        this.node = node;
    }

    /** A message from an older term: tell its sender the current term, or drop it. */
    void answerStale(Message m) {
        long group = node.config.groupId();
        switch (m) {
            case Message.AppendRequest r -> node.send(new Message.AppendResponse(group, node.self, r.from(),
                node.term, false, 0, 0, 0, r.readContext()));
            case Message.InstallSnapshot s -> node.send(new Message.AppendResponse(group, node.self, s.from(),
                node.term, false, 0, 0, 0, 0));
            case Message.VoteRequest r -> node.send(new Message.VoteResponse(group, node.self, r.from(),
                node.term, r.kind() == VoteKind.PRE_VOTE, false));
            default -> { }
        }
    }

    private void followLeader(NodeId from) {
        if (!(node.role instanceof Follower) || !from.equals(node.leaderId)) {
            node.becomeFollower(node.term, from);
        }
        node.leaderContactTick = node.now;
        node.electionElapsed = 0;
    }

    void handleAppend(Message.AppendRequest r) {
        followLeader(r.from());
        if (r.entries().isEmpty()) {
            // Liveness and the read round do not wait for this node's writes in flight; the
            // AppendResponse below, which vouches for entries, does.
            node.send(new Message.HeartbeatResponse(node.config.groupId(), node.self, r.from(), node.term,
                r.readContext()));
        }
        RaftLog log = node.log;
        long prev = r.prevLogIndex();
        List<Entry> entries = r.entries();
        long lastNew = prev + entries.size();
        if (!checkPrevious(r, lastNew)) {
            return;
        }
        long conflict = 0;
        for (Entry e : entries) {
            if (e.index() > log.snapshotIndex() && !log.matchTerm(e.index(), e.term())) {
                conflict = e.index();
                break;
            }
        }
        if (conflict != 0) {
            if (conflict <= log.commitIndex() && conflict <= log.appliedIndex() && node.latestSnapshot != null
                && node.latestSnapshot.external()) {
                // Applied entries are being replaced (async failover), and the state machine cannot
                // be rebuilt from this snapshot: it is no image, its state lives in the driver's
                // storage, which has moved past it. Only the leader's snapshot repairs this replica.
                needSnapshot(r);
                return;
            }
            if (conflict <= log.lastIndex()) {
                discardFrom(conflict);
            }
            for (Entry e : entries) {
                if (e.index() >= conflict) {
                    log.append(e);
                }
            }
            node.refreshMembership();
        }
        log.commitTo(Math.max(log.commitIndex(), Math.min(r.leaderCommit(), Math.min(lastNew, log.lastIndex()))));
        node.send(new Message.AppendResponse(node.config.groupId(), node.self, r.from(), node.term, true,
            lastNew, 0, 0, r.readContext()));
    }

    /**
     * Figure 2's consistency check, extended to the snapshot: this node vouches for its snapshot
     * only at (snapshotIndex, snapshotTerm), so an append must match there too. A mismatch at or
     * below the snapshot (possible after an async failover or a forced promotion) cannot be
     * repaired with entries: the answer asks for a snapshot ({@code rejectHint} 0). Returns
     * true if the append may be applied; otherwise the rejection has been sent.
     */
    private boolean checkPrevious(Message.AppendRequest r, long lastNew) {
        RaftLog log = node.log;
        long prev = r.prevLogIndex();
        long snap = log.snapshotIndex();
        if (prev < snap) {
            if (lastNew >= snap) {
                Entry atSnapshot = r.entries().get((int) (snap - prev - 1));
                return atSnapshot.term() == log.snapshotTerm() || needSnapshot(r);
            }
            long maxTerm = Math.max(r.prevLogTerm(), r.entries().isEmpty() ? 0 : r.entries().getLast().term());
            if (maxTerm > log.snapshotTerm()) {
                // The leader's term at the snapshot index is at least maxTerm: a mismatch.
                return needSnapshot(r);
            }
            reject(r, snap + 1, log.snapshotTerm());
            return false;
        }
        if (log.matchTerm(prev, r.prevLogTerm())) {
            return true;
        }
        long hint = log.lastIndexWithTermAtMost(prev, r.prevLogTerm());
        if (prev == snap || (hint == snap && log.snapshotTerm() > r.prevLogTerm())) {
            return needSnapshot(r);
        }
        reject(r, hint + 1, Math.max(0, log.term(hint)));
        return false;
    }

    private boolean needSnapshot(Message.AppendRequest r) {
        node.awaitingSnapshot = true;
        reject(r, 0, 0);
        return false;
    }

    /**
     * Drops this node's entries from {@code index} on because the leader's log differs there.
     * Committed entries among them are counted as lost; applied ones make the driver rebuild
     * its state machine from the snapshot.
     */
    private void discardFrom(long index) {
        RaftLog log = node.log;
        if (index <= log.commitIndex()) {
            node.lostCommittedEntries += log.commitIndex() - index + 1;
            boolean applied = log.appliedIndex() >= index;
            log.lowerCommit(index - 1);
            if (applied) {
                node.outResetStateMachine = true;
                log.resetApplied();
            }
        }
        log.truncateFrom(index);
    }

    private void reject(Message.AppendRequest r, long hint, long hintTerm) {
        node.send(new Message.AppendResponse(node.config.groupId(), node.self, r.from(), node.term, false, 0,
            hint, hintTerm, r.readContext()));
    }

    void handleSnapshot(Message.InstallSnapshot s) {
        followLeader(s.from());
        RaftLog log = node.log;
        SnapshotMeta meta = s.snapshot().meta();
        boolean diverged = node.awaitingSnapshot;
        if (meta.index() < log.snapshotIndex() && !diverged) {
            if (meta.term() <= log.snapshotTerm()) {
                // Older than this node's own snapshot: most likely a stale copy. Acknowledge only
                // what it covers; the appends that follow check this node's snapshot.
                reply(s, meta.index());
                return;
            }
            // A higher term at a lower index: this node's snapshot is not in the leader's log.
            diverged = true;
        }
        if (!diverged && log.matchTerm(meta.index(), meta.term())) {
            // This log already holds the snapshot's last entry, hence (log matching) all before it.
            log.commitTo(Math.max(log.commitIndex(), meta.index()));
        } else {
            long replaced = log.commitIndex() - meta.index();
            if (diverged || replaced > 0) {
                node.lostCommittedEntries += Math.max(1, replaced);
            }
            log.restore(meta);
            node.awaitingSnapshot = false;
            node.outSnapshot = s.snapshot();
            node.latestSnapshot = s.snapshot();
            node.refreshMembership();
        }
        reply(s, meta.index());
    }

    private void reply(Message.InstallSnapshot s, long matchIndex) {
        node.send(new Message.AppendResponse(node.config.groupId(), node.self, s.from(), node.term, true,
            matchIndex, 0, 0, 0));
    }
}
