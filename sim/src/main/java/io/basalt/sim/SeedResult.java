package io.basalt.sim;

import io.basalt.sim.check.Violation;
import java.util.List;

/**
 * The outcome of one seed: its figures, what the checkers found, and the trace digest that a
 * replay of the seed must reproduce.
 *
 * @param violationCount every violation found (only the first few of each name are kept)
 * @param notes findings reported but expected in this mode (async losses)
 * @param leaderChanges elections seen in the liveness phase
 * @param unavailableUs liveness-phase time with no leader able to commit
 * @param snapshotTransfers snapshots streamed to a follower whole (every chunk there and checked)
 * @param snapshotChunksDamaged chunks damaged on their way, caught by their CRC32C and sent again
 */
public record SeedResult(long seed, long traceDigest, long events, long crashes, long partitions, long drops,
                         long ops, long unknownOps, long lostAcked, long leaderChanges, long unavailableUs,
                         long elections, long maxLeaderTerm, long refusedStarts, long inconclusiveKeys,
                         long snapshotTransfers, long snapshotChunksDamaged,
                         int violationCount, List<Violation> violations, List<Violation> notes) {
    public SeedResult {
        violations = List.copyOf(violations);
        notes = List.copyOf(notes);
    }

    public boolean failed() {
        return violationCount > 0;
    }
}
