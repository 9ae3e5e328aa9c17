package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.transport.InboundSink;
import java.util.concurrent.CompletableFuture;

/**
 * The node this client runs inside, reached by a method call: the request goes straight to the
 * node's request router (and from there onto the group's event loop), and the answer completes
 * the future on whichever thread gives it. No socket, no encoding, no I/O thread: a SQL
 * statement received by the leader pays two thread hand-offs per key-value request instead of
 * about eight.
 */
final class LocalConnection implements Connection {
    private final NodeId node;
    private final InboundSink sink;

    LocalConnection(NodeId node, InboundSink sink) {
        this.node = node;
        this.sink = sink;
    }

    @Override
    public NodeId node() {
        return node;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public CompletableFuture<NodeProto.ClientResponse> send(NodeProto.ClientRequest.Builder request) {
        CompletableFuture<NodeProto.ClientResponse> f = new CompletableFuture<>();
        try {
            sink.onRequest(request.build(), response -> f.complete(response.build()));
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    @Override
    public void close() {
        // Nothing to release: the node outlives its clients.
    }
}
