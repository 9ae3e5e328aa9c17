package io.basalt.sim.txn;

import io.basalt.txn.engine.TxnResult;

/**
 * A node's answer to a {@link TxnCall}: the engine's result, or that this node does not lead
 * ({@code leaderHint}: the address of the leader it believes in, or -1), or that it leads but
 * has not caught up (retry).
 */
public record TxnAnswer(long callId, int attempt, Status status, TxnResult result, int leaderHint) {
    public enum Status { OK, NOT_LEADER, RETRY }
}
