package io.basalt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.raft.ReplicationMode;
import io.basalt.sim.node.NodeHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Followers that fall behind the leader's compacted log catch up by a snapshot streamed in
 * chunks through the simulated network (drops, duplicates, reordering, partitions, crashes,
 * damaged chunks), and every safety property holds.
 */
class SnapshotCatchUpTest {
    /** A snapshot every few entries: a follower away for a moment is already behind the log's start. */
    private static final int SNAPSHOT_EVERY = 5;

    private static SimParams frequentSnapshots(SimParams p, double damage) {
        return p.withHost(p.host().withSnapshotEvery(SNAPSHOT_EVERY).withChunkDamage(damage));
    }

    @Test
    void aFollowerDownWhileTheLogIsCompactedCatchesUpByAChunkedSnapshot() {
        long seed = 21;
        SimParams p = frequentSnapshots(SimParams.derive(SimOptions.single(seed, ReplicationMode.SYNC), seed).quiet(),
            0.2);
        Simulation sim = new Simulation(p);
        NodeHost away = sim.hosts().get(2);
        sim.loop().at(200_000, () -> away.crash(false));
        sim.loop().at(1_500_000, away::start);
        SeedResult r = sim.run();

        assertThat(r.violations()).isEmpty();
        assertThat(r.snapshotTransfers()).as("it came back behind the log's start").isPositive();
        assertThat(r.snapshotChunksDamaged()).as("damaged chunks were caught and sent again").isPositive();
        // The clients stopped with the run: let the last commits reach everyone.
        sim.loop().runUntil(sim.loop().nowUs() + 1_000_000, () -> false);
        List<NodeHost> hosts = sim.hosts();
        assertThat(hosts).allMatch(NodeHost::up);
        long applied = hosts.getFirst().stateMachine().appliedIndex();
        assertThat(hosts).as("all caught up at the end").allMatch(h -> h.stateMachine().appliedIndex() == applied);
        long digest = hosts.getFirst().stateMachine().digest();
        assertThat(hosts).allMatch(h -> h.stateMachine().digest() == digest);
    }

    @Test
    void snapshotsStreamedUnderEveryFaultKeepEverySafetyProperty() {
        long snapshots = 0;
        long damaged = 0;
        int seeds = SeedBudget.seeds(150);
        for (long seed = 500_001; seed < 500_001 + seeds; seed++) {
            SimParams p = frequentSnapshots(SimParams.derive(SimOptions.defaults(), seed), 0.05);
            SeedResult r = new Simulation(p).run();
            assertThat(r.violations()).as("seed %d of this test", seed).isEmpty();
            snapshots += r.snapshotTransfers();
            damaged += r.snapshotChunksDamaged();
        }
        assertThat(snapshots).as("followers caught up by snapshot in most runs").isGreaterThan(seeds / 2);
        assertThat(damaged).isPositive();
    }
}
