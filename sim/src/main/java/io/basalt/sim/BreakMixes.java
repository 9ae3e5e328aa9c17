package io.basalt.sim;

import io.basalt.raft.ReadMode;
import io.basalt.sim.disk.DiskParams;
import io.basalt.sim.fault.FaultParams;
import io.basalt.sim.workload.WorkloadParams;

/**
 * Fault mixes that make each deliberate protocol break show up within a few hundred seeds:
 * each bug needs a particular history (a figure-8 sequence of leader crashes, a crash between
 * an acknowledgement and its fsync, two candidates in one term, a leader cut off while clients
 * still reach it), so the mix makes that history frequent.
 */
final class BreakMixes {
    private BreakMixes() {}

    static SimParams adapt(SimParams p) {
        return switch (p.protocolBreak()) {
            // Leader crashes in quick succession, and one entry per append so an old-term entry
            // can reach a majority without the new leader's own entry behind it.
            case COUNT_OLD_TERM_COMMIT -> p.withRaft(p.readMode(), true, 1).withFaults(
                new FaultParams(true, true, false, 150_000, 600_000, 600_000, 1, 0.8, 0.8, 0.8, 0), p.network());
            // Slow fsyncs and frequent crashes: acknowledged entries die in the page cache.
            case ACK_BEFORE_FSYNC -> p.withParts(new DiskParams(3_000, 15_000, 0), p.workload()).withFaults(
                new FaultParams(true, false, false, 60_000, 150_000, 1, 1, 0.5, 0, 0, 0), p.network().reliable());
            // Leaders disappear often, so followers time out together and split their votes.
            case DOUBLE_VOTE -> p.withFaults(
                new FaultParams(true, true, false, 120_000, 200_000, 600_000, 1, 0.9, 0, 0, 0), p.network());
            // The leader is cut off from its peers while clients still reach it and read from it.
            case LEASE_READ_WITHOUT_CHECK_QUORUM -> p.withRaft(ReadMode.LEASE, false, p.appendEntriesMax())
                .withParts(p.disk(), new WorkloadParams(5, 2, 0.6, 0.2, 400_000, 5_000, 5_000))
                .withFaults(new FaultParams(false, true, false, 150_000, 1, 1_500_000, 1, 0.95, 0, 0, 0),
                    p.network().reliable());
        };
    }
}
