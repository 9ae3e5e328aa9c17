/**
 * Classes generated from {@code src/main/proto/node.proto}, nested in {@code NodeProto}: the
 * frames of the node port (handshake, Raft messages, client requests and responses) and the
 * payloads of write-ahead log records. Only {@code io.basalt.server.wire} and the transport
 * touch them; everything else speaks Raft's own records.
 */
package io.basalt.server.proto;
