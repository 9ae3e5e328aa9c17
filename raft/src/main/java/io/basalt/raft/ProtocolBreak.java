package io.basalt.raft;

/**
 * Deliberate protocol bugs for testing the checkers. Never enabled on a serving node: only the
 * simulator and tests turn them on, to prove a safety checker catches each one.
 */
public enum ProtocolBreak {
    /** The leader commits entries of earlier terms by counting replicas (Raft figure 8). */
    COUNT_OLD_TERM_COMMIT,
    /** The driver sends a Ready's messages before its writes are durable. Applied by drivers. */
    ACK_BEFORE_FSYNC,
    /** A node grants a vote to any candidate of its current term, even after voting for another. */
    DOUBLE_VOTE,
    /** A leader serves lease reads without check-quorum, so a deposed leader serves stale data. */
    LEASE_READ_WITHOUT_CHECK_QUORUM;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static ProtocolBreak parse(String s) {
        for (ProtocolBreak b : values()) {
            if (b.cliName().equalsIgnoreCase(s) || b.name().equalsIgnoreCase(s)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown break '" + s + "'; one of "
            + java.util.Arrays.stream(values()).map(ProtocolBreak::cliName).toList());
    }
}
