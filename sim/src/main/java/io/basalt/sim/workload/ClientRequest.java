package io.basalt.sim.workload;

/**
 * A client's request to a node. {@code (clientId, sequence)} identifies the operation across
 * retries, so the state machine applies a retried write once; {@code attempt} tells replies of
 * this try from late replies of earlier ones. {@code expected} is 0 for "only if absent".
 */
public record ClientRequest(int clientAddress, long clientId, long sequence, int attempt, Op.Kind kind,
                            String key, long value, long expected) {}
