package io.basalt.sim.workload;

/**
 * A node's answer. {@code leaderHint} is the address of the leader the node believes in, or -1;
 * {@code index} and {@code term} locate an acknowledged write's entry (0 for reads).
 */
public record ClientReply(long sequence, int attempt, Status status, boolean found, long value, boolean ok,
                          int leaderHint, long index, long term) {

    public enum Status {
        OK,
        /** Not proposed: the node is not the leader. Safe to retry elsewhere. */
        NOT_LEADER,
        /** Proposed, but another term's entry took its index: it will never be applied. */
        NOT_APPLIED
    }

    public static ClientReply notLeader(ClientRequest r, int hint) {
        return new ClientReply(r.sequence(), r.attempt(), Status.NOT_LEADER, false, 0, false, hint, 0, 0);
    }

    public static ClientReply notApplied(ClientRequest r) {
        return new ClientReply(r.sequence(), r.attempt(), Status.NOT_APPLIED, false, 0, false, -1, 0, 0);
    }
}
