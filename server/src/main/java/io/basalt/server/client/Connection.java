package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;
import java.util.concurrent.CompletableFuture;

/** A way to send client requests to one node: over TCP, or by a call when the node is in this process. */
interface Connection extends AutoCloseable {
    NodeId node();

    boolean isOpen();

    /** Sends {@code request}; the future fails if the connection is lost before the answer. */
    CompletableFuture<NodeProto.ClientResponse> send(NodeProto.ClientRequest.Builder request);

    @Override
    void close();
}
