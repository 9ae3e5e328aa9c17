package io.basalt.raft;

/** How a leader confirms it is still the leader before serving a linearizable read. */
public enum ReadMode {
    /** A heartbeat round acknowledged by a quorum after the read arrives (Raft §6.4). */
    READ_INDEX,
    /**
     * A leader lease: served at once while a quorum acknowledged the leader within the lease
     * window, which is shorter than the election timeout. Needs check-quorum.
     */
    LEASE
}
