/**
 * The protobuf form of Basalt's records: Raft messages, log entries, snapshots, hard states and
 * status reports, converted both ways. Every decoder validates what came from outside the
 * process and reports a {@link io.basalt.server.wire.WireException} instead of failing an
 * invariant, because a peer's bad bytes are an operating error, not a bug here.
 */
package io.basalt.server.wire;
