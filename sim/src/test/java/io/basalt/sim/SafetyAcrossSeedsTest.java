package io.basalt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.raft.ReplicationMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The main simulation test: many seeds with faults, and not one violation. */
class SafetyAcrossSeedsTest {
    private static final int SYNC_SEEDS = 1_000;
    private static final int ASYNC_SEEDS = 200;

    private static SimOptions options() {
        return SimOptions.defaults().withSoak(Boolean.getBoolean("basalt.sim.soak"));
    }

    private static SimSummary run(SimOptions options) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SimSummary summary = SimRunner.run(options, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(summary.violations()).as(output).isZero();
        return summary;
    }

    @Test
    void syncModeKeepsEverySafetyPropertyUnderFaults() {
        SimSummary s = run(options().withSeeds(SeedBudget.seeds(SYNC_SEEDS), 1));
        assertThat(s.lostAcked()).isZero();
        // The faults really happened, and the workload really ran through them.
        assertThat(s.crashes()).isGreaterThan(s.seeds());
        assertThat(s.partitions()).isGreaterThan(s.seeds());
        assertThat(s.drops()).isPositive();
        assertThat(s.ops()).isGreaterThan(s.unknownOps() * 2);
        assertThat(s.refusedStarts()).isPositive();
    }

    @Test
    void asyncModeReportsLossesButNoOtherViolation() {
        SimSummary s = run(options().withMode(ReplicationMode.ASYNC).withSeeds(SeedBudget.seeds(ASYNC_SEEDS), 100_001));
        assertThat(s.crashes()).isGreaterThan(s.seeds());
        assertThat(s.ops()).isPositive();
    }

    @Test
    void syncAllModeSurvivesFaults() {
        SimSummary s = run(options().withMode(ReplicationMode.SYNC_ALL).withSeeds(SeedBudget.seeds(50), 200_001));
        assertThat(s.lostAcked()).isZero();
        assertThat(s.refusedStarts()).as("sync-all never loses a disk: it could not make progress").isZero();
    }
}
