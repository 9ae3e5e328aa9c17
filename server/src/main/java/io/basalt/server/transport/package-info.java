/**
 * The node port: TCP on one address, shared by node-to-node and client traffic. Every frame
 * is a 4-byte length and one protobuf {@code Frame}; the first frame of a connection is a
 * handshake naming the cluster, the protocol version and the sender (a node id or
 * {@code "client"}). A connection that sends anything else first, an over-long frame, bytes
 * that do not decode, or a handshake from another cluster or protocol version is closed and
 * logged; the node keeps serving every other connection.
 *
 * <p>Outbound, a node keeps one connection per peer and reconnects with capped exponential
 * backoff. A message for a peer that is not connected is dropped: Raft retries, and blocking
 * the group's event loop on a dead peer would stall the live ones.
 */
package io.basalt.server.transport;
