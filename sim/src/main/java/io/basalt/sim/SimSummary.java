package io.basalt.sim;

import io.basalt.raft.ReplicationMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The totals of a batch of seeds, for one summary line. {@code violations} counts failing
 * seeds' violations; {@code failingSeeds} lists those seeds in order.
 */
public record SimSummary(int seeds, ReplicationMode mode, String workload, String breakName, long events, long crashes,
                         long partitions, long drops, long ops, long unknownOps, long lostAcked, long leaderChanges,
                         long unavailableMs, long refusedStarts, long inconclusiveKeys, long snapshotTransfers,
                         long snapshotChunksDamaged, long violations, List<Long> failingSeeds) {
    public SimSummary {
        failingSeeds = List.copyOf(failingSeeds);
    }

    public static SimSummary of(SimOptions options, List<SeedResult> results) {
        long events = 0, crashes = 0, partitions = 0, drops = 0, ops = 0, unknown = 0, lost = 0, changes = 0;
        long unavailableUs = 0, refused = 0, inconclusive = 0, violations = 0, snapshots = 0, damaged = 0;
        List<Long> failing = new ArrayList<>();
        for (SeedResult r : results) {
            events += r.events();
            crashes += r.crashes();
            partitions += r.partitions();
            drops += r.drops();
            ops += r.ops();
            unknown += r.unknownOps();
            lost += r.lostAcked();
            changes += r.leaderChanges();
            unavailableUs += r.unavailableUs();
            refused += r.refusedStarts();
            inconclusive += r.inconclusiveKeys();
            snapshots += r.snapshotTransfers();
            damaged += r.snapshotChunksDamaged();
            violations += r.violationCount();
            if (r.failed()) {
                failing.add(r.seed());
            }
        }
        String breakName = options.protocolBreak() != null ? options.protocolBreak().cliName()
            : options.txnMutation() != null ? options.txnMutation().cliName() : "none";
        return new SimSummary(results.size(), options.mode(), options.workload().cliName(), breakName, events, crashes,
            partitions,
            drops, ops, unknown, lost, changes, unavailableUs / 1000, refused, inconclusive, snapshots, damaged,
            violations, failing);
    }

    /** One line; {@code violations=N} is always last. For transactional workloads ops counts transactions. */
    public String line() {
        return "seeds=" + seeds + " mode=" + mode.cliName() + " workload=" + workload + " break=" + breakName
            + " events=" + events + " crashes=" + crashes + " partitions=" + partitions + " drops=" + drops
            + " ops=" + ops + " unknown=" + unknownOps + " lost_acked=" + lostAcked + " leader_changes=" + leaderChanges
            + " unavailable_ms=" + unavailableMs + " corrupt_disk_refusals=" + refusedStarts
            + " lin_inconclusive=" + inconclusiveKeys + " snapshots=" + snapshotTransfers
            + " damaged_chunks=" + snapshotChunksDamaged + " violations=" + violations;
    }
}
