package io.basalt.server.replica;

import io.basalt.raft.Message;

/** Where a group's outgoing Raft messages go (the node's transport). */
@FunctionalInterface
public interface Outbox {
    /** Sends {@code message} to its addressee, or drops it if that peer is unreachable. */
    void send(Message message);
}
