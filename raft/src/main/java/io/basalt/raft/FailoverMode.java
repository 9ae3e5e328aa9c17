package io.basalt.raft;

/** How a new leader is chosen when the old one is lost. */
public enum FailoverMode {
    /** Followers whose election timeout fires campaign (with pre-vote if enabled). */
    AUTOMATIC,
    /** Followers never campaign; an operator promotes a node ({@link RaftNode#promote()}). */
    MANUAL
}
