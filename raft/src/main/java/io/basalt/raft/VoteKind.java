package io.basalt.raft;

/** Why a node asks for votes. */
public enum VoteKind {
    /** A trial election that changes no state; granted only if a real election could win (§9.6). */
    PRE_VOTE,
    /** A normal election after an election timeout. */
    ELECTION,
    /** An election asked for by the leader during leadership transfer: voters ignore leader stickiness. */
    TRANSFER,
    /**
     * An operator's manual promotion: voters grant it regardless of how complete the candidate's
     * log is. Whatever the promoted log lacks is reported, then lost.
     */
    FORCED
}
