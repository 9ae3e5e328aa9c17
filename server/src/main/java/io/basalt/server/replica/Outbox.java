package io.basalt.server.replica;

import io.basalt.common.NodeId;
import io.basalt.raft.Message;
import io.basalt.raft.transfer.TransferMessage;

/** Where a group's outgoing Raft and snapshot transfer messages go (the node's transport). */
@FunctionalInterface
public interface Outbox {
    /** Sends {@code message} to its addressee, or drops it if that peer is unreachable. */
    void send(Message message);

    /** Sends a snapshot transfer message; false if the link could not take it. */
    default boolean send(TransferMessage message) {
        return false;
    }

    /** Whether the link to {@code peer} can take a snapshot chunk now. */
    default boolean writable(NodeId peer) {
        return false;
    }
}
