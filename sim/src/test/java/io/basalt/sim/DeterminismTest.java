package io.basalt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.raft.ReplicationMode;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    @Test
    void theSameSeedReplaysTheSameRun() {
        for (long seed : new long[] {1, 17, 4242}) {
            SeedResult first = SimRunner.runSeed(SimOptions.defaults(), seed);
            SeedResult second = SimRunner.runSeed(SimOptions.defaults(), seed);
            assertThat(second.traceDigest()).isEqualTo(first.traceDigest());
            assertThat(second).isEqualTo(first);
            assertThat(first.events()).isPositive();
        }
    }

    @Test
    void differentSeedsOrModesGiveDifferentRuns() {
        SeedResult a = SimRunner.runSeed(SimOptions.defaults(), 5);
        SeedResult b = SimRunner.runSeed(SimOptions.defaults(), 6);
        SeedResult c = SimRunner.runSeed(SimOptions.defaults().withMode(ReplicationMode.ASYNC), 5);
        assertThat(b.traceDigest()).isNotEqualTo(a.traceDigest());
        assertThat(c.traceDigest()).isNotEqualTo(a.traceDigest());
    }

    @Test
    void parallelRunsReportLikeSequentialOnes() {
        SimOptions options = SimOptions.defaults().withSeeds(8, 300);
        var parallel = SimRunner.runSeeds(options, 300, 8);
        for (SeedResult r : parallel) {
            assertThat(SimRunner.runSeed(options, r.seed()).traceDigest()).isEqualTo(r.traceDigest());
        }
    }
}
