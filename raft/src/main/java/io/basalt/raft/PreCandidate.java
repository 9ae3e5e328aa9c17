package io.basalt.raft;

/** Runs a pre-vote round for {@code term + 1} without changing its term or vote (§9.6). */
record PreCandidate(Votes votes) implements Role {
    @Override
    public RaftRole raftRole() {
        return RaftRole.PRE_CANDIDATE;
    }
}
