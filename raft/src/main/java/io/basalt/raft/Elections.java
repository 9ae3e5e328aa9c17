package io.basalt.raft;

import io.basalt.common.Invariants;
import io.basalt.common.NodeId;

/**
 * The voting rules: when a replica campaigns, which vote requests it grants, and how a
 * (pre-)candidate counts answers. Operates on the state of its {@link RaftNode}.
 */
final class Elections {
    private final RaftNode node;

    Elections(RaftNode node) {
        this.node = node;
    }

    /** The randomized election timeout of a non-leader fired. */
    void onElectionTimeout() {
        if (!node.membership.isVoter(node.self)) {
            if (!(node.role instanceof Follower)) {
                // Demoted or removed while campaigning.
                node.becomeFollower(node.term, null);
            }
            return;
        }
        if (node.failoverMode == FailoverMode.MANUAL) {
            if (!(node.role instanceof Follower)) {
                node.becomeFollower(node.term, null);
            }
            return;
        }
        campaign(node.config.preVote() ? VoteKind.PRE_VOTE : VoteKind.ELECTION);
    }

    /** Starts a (pre-)election of the given kind; pre-vote changes neither term nor vote. */
    void campaign(VoteKind kind) {
        long voteTerm;
        Votes votes;
        if (kind == VoteKind.PRE_VOTE) {
            node.becomePreCandidate();
            voteTerm = node.term + 1;
            votes = ((PreCandidate) node.role).votes();
        } else {
            node.becomeCandidate(kind);
            voteTerm = node.term;
            votes = ((Candidate) node.role).votes();
        }
        votes.record(node.self, true);
        if (votes.result(node.membership) == Votes.Result.WON) {
            won(kind);
            return;
        }
        for (NodeId voter : node.membership.voters()) {
            if (!voter.equals(node.self)) {
                node.send(new Message.VoteRequest(node.config.groupId(), node.self, voter, voteTerm, kind,
                    node.log.lastIndex(), node.log.lastTerm()));
            }
        }
    }

    private void won(VoteKind kind) {
        if (kind == VoteKind.PRE_VOTE) {
            campaign(VoteKind.ELECTION);
        } else {
            node.becomeLeader();
        }
    }

    /**
     * A message carries a higher term. Returns false if it must be dropped without touching
     * the term: vote requests ignored for leader stickiness and requests of non-voters. Pre-vote
     * requests and granted pre-vote answers never change the term.
     */
    boolean acceptHigherTerm(Message m) {
        switch (m) {
            case Message.VoteRequest r -> {
                if (!node.membership.isVoter(r.from())) {
                    return false;
                }
                if (r.kind() == VoteKind.PRE_VOTE) {
                    return true;
                }
                if (r.kind() == VoteKind.ELECTION && node.config.checkQuorum() && heardFromLeaderRecently()) {
                    return false;
                }
                node.becomeFollower(r.term(), null);
            }
            case Message.VoteResponse r -> {
                if (r.preVote() && r.granted()) {
                    return true;
                }
                node.becomeFollower(r.term(), null);
            }
            case Message.AppendRequest r -> node.becomeFollower(r.term(), r.from());
            case Message.InstallSnapshot s -> node.becomeFollower(s.term(), s.from());
            case Message.TimeoutNow t -> node.becomeFollower(t.term(), t.from());
            case Message.AppendResponse r -> node.becomeFollower(r.term(), null);
            case Message.HeartbeatResponse h -> node.becomeFollower(h.term(), null);
        }
        return true;
    }

    /** Leader stickiness: this replica heard from a live leader within the minimum election timeout. */
    boolean heardFromLeaderRecently() {
        if (node.role instanceof Leader) {
            return true;
        }
        return node.leaderId != null && node.now - node.leaderContactTick < node.config.electionTimeoutTicksMin();
    }

    void handleVoteRequest(Message.VoteRequest r) {
        boolean preVote = r.kind() == VoteKind.PRE_VOTE;
        boolean sticky = (r.kind() == VoteKind.PRE_VOTE || r.kind() == VoteKind.ELECTION) && heardFromLeaderRecently()
            && !r.from().equals(node.leaderId);
        boolean doubleVote = node.config.broken(ProtocolBreak.DOUBLE_VOTE) && !(node.role instanceof Leader);
        boolean canVote = r.from().equals(node.votedFor)
            || (node.votedFor == null && node.leaderId == null)
            || (preVote && r.term() > node.term)
            || doubleVote;
        boolean logOk = r.kind() == VoteKind.FORCED || node.log.isUpToDate(r.lastLogIndex(), r.lastLogTerm());
        // A learner is never asked by a candidate whose configuration agrees; one that is asked
        // was made a voter by a CONFIG entry it has not received yet, so it answers (as etcd).
        boolean grant = canVote && logOk && !sticky && node.membership.isVoter(r.from());
        if (grant && !preVote) {
            Invariants.check(node.votedFor == null || node.votedFor.equals(r.from()) || doubleVote,
                "%s votes twice in term %d: for %s and %s", node.self, node.term, node.votedFor, r.from());
            node.votedFor = r.from();
            node.resetElectionTimer();
        }
        long answerTerm = grant && preVote ? r.term() : node.term;
        node.send(new Message.VoteResponse(node.config.groupId(), node.self, r.from(), answerTerm, preVote, grant));
    }

    void handleVoteResponse(Message.VoteResponse r) {
        switch (node.role) {
            case PreCandidate pre when r.preVote() -> {
                if (r.granted() && r.term() != node.term + 1) {
                    return;
                }
                pre.votes().record(r.from(), r.granted());
                settle(pre.votes(), VoteKind.PRE_VOTE);
            }
            case Candidate c when !r.preVote() && r.term() == node.term -> {
                c.votes().record(r.from(), r.granted());
                settle(c.votes(), c.kind());
            }
            default -> { }
        }
    }

    private void settle(Votes votes, VoteKind kind) {
        switch (votes.result(node.membership)) {
            case WON -> won(kind);
            case LOST -> node.becomeFollower(node.term, null);
            case PENDING -> { }
        }
    }
}
