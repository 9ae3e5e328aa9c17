package io.basalt.sim.txn;

import io.basalt.txn.TxnId;

/**
 * A client's transaction step on its way to a node. {@code callId} names the step across
 * retries; {@code attempt} tells answers of this try from late answers of earlier ones;
 * {@code txn} is null for a begin.
 */
public record TxnCall(int clientAddress, long callId, int attempt, TxnId txn, Step step) {}
