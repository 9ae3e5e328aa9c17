package io.basalt.raft;

/** The role a node plays in its group, as reported in status. */
public enum RaftRole {
    FOLLOWER,
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER,
    /** A non-voting member that receives the log. */
    LEARNER
}
