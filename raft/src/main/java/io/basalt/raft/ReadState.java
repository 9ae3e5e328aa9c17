package io.basalt.raft;

/**
 * A linearizable read may be served once the state machine has applied {@code readIndex}.
 * {@code requestId} is the id the driver passed to {@link RaftNode#readIndex(long)}.
 */
public record ReadState(long requestId, long readIndex) {}
