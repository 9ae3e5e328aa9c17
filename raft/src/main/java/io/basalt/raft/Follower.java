package io.basalt.raft;

/** Follows the leader of the current term (or waits for one); also the role of learners. */
record Follower() implements Role {
    @Override
    public RaftRole raftRole() {
        return RaftRole.FOLLOWER;
    }
}
