package io.basalt.raft;

/** Campaigns in its current term; {@code kind} is what it asks for (election, transfer, forced). */
record Candidate(Votes votes, VoteKind kind) implements Role {
    @Override
    public RaftRole raftRole() {
        return RaftRole.CANDIDATE;
    }
}
