package io.basalt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.raft.ReplicationMode;
import io.basalt.sim.check.Violation;
import io.basalt.sim.disk.DiskParams;
import org.junit.jupiter.api.Test;

/** The liveness phase: after healing, the cluster must commit again, and says so when it cannot. */
class LivenessTest {
    private static final long CRASH_AT_US = 500_000;

    private static Simulation quiet(ReplicationMode mode, long seed) {
        SimParams p = SimParams.derive(SimOptions.single(seed, mode), seed).quiet();
        return new Simulation(p.withParts(new DiskParams(100, 1_000, 1.0), p.workload()));
    }

    @Test
    void aCrashedFollowerRestartsAndTheClusterCommitsAgain() {
        Simulation sim = quiet(ReplicationMode.SYNC_ALL, 11);
        sim.loop().at(CRASH_AT_US, () -> sim.hosts().get(0).crash(false));
        SeedResult r = sim.run();
        assertThat(r.violations()).isEmpty();
        assertThat(sim.hosts()).allMatch(h -> h.up());
    }

    @Test
    void syncAllCannotCommitOnceAVoterLostItsDisk() {
        Simulation sim = quiet(ReplicationMode.SYNC_ALL, 11);
        sim.loop().at(CRASH_AT_US, () -> sim.hosts().get(0).crash(true));
        SeedResult r = sim.run();
        assertThat(r.refusedStarts()).isEqualTo(1);
        assertThat(r.violations()).extracting(Violation::name).containsExactly("liveness");
    }

    @Test
    void syncCommitsWithAMajorityWhenOneDiskIsLost() {
        Simulation sim = quiet(ReplicationMode.SYNC, 11);
        sim.loop().at(CRASH_AT_US, () -> sim.hosts().get(0).crash(true));
        SeedResult r = sim.run();
        assertThat(r.refusedStarts()).isEqualTo(1);
        assertThat(r.violations()).isEmpty();
        assertThat(r.unavailableUs()).isLessThan(1_000_000);
    }
}
