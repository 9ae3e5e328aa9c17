package io.basalt.server.transport;

import io.basalt.server.proto.NodeProto;

/**
 * Sends the one response to one client request, stamped with the request's id. Safe to call
 * from any thread; a response to a connection that has closed is dropped.
 */
@FunctionalInterface
public interface Responder {
    void reply(NodeProto.ClientResponse.Builder response);
}
