package io.basalt.server.transport;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;

/** Where the node port delivers what passed the handshake. Called on Netty's threads. */
public interface InboundSink {

    /** A Raft message from {@code peer}; its {@code from} is the peer and its {@code to} this node. */
    void onRaft(NodeId peer, NodeProto.RaftMessage message);

    /**
     * A message of a snapshot transfer from {@code peer}; its {@code from} is the peer and its
     * {@code to} this node. A sink that hosts no replicas (a client's) drops it.
     */
    default void onTransfer(NodeId peer, NodeProto.SnapshotTransfer message) {
    }

    /** A client request (or an admin request from another node); answer through {@code responder}. */
    void onRequest(NodeProto.ClientRequest request, Responder responder);
}
