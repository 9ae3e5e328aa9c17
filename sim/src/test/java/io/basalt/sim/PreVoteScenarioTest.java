package io.basalt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.raft.RaftRole;
import io.basalt.raft.ReplicationMode;
import io.basalt.sim.node.NodeHost;
import org.junit.jupiter.api.Test;

/**
 * A follower cut off from the cluster and then let back in must not depose a healthy leader
 * when pre-vote is on; without pre-vote it does, which shows in the figures.
 */
class PreVoteScenarioTest {
    private static final long ISOLATE_AT_US = 1_000_000;
    private static final long HEAL_AT_US = 2_500_000;
    private static final long SAFETY_US = 4_000_000;
    private static final int SEEDS = 5;

    private record Disruption(long electionsAfterIsolation, long termBumps, int violations) {}

    private static Disruption isolateAFollower(boolean preVote, long seed) {
        return cutOffAFollower(preVote, seed, false);
    }

    /**
     * Cuts a follower off at {@link #ISOLATE_AT_US} and heals at {@link #HEAL_AT_US}; with
     * {@code leaderLinkOnly} only the leader's messages to it are lost (a partial partition:
     * it still reaches everyone, and the other follower still hears the leader).
     */
    private static Disruption cutOffAFollower(boolean preVote, long seed, boolean leaderLinkOnly) {
        SimOptions options = SimOptions.single(seed, ReplicationMode.SYNC).withPreVote(preVote);
        Simulation sim = new Simulation(SimParams.derive(options, seed).quiet().withSafetyUs(SAFETY_US));
        int[] isolated = {-1};
        long[] termAtIsolation = {0};
        long[] termAtHeal = {0};
        sim.loop().at(ISOLATE_AT_US, () -> {
            NodeHost follower = sim.hosts().stream().filter(h -> h.up() && h.node().role() == RaftRole.FOLLOWER)
                .findFirst().orElseThrow(() -> new AssertionError("no follower at " + ISOLATE_AT_US + "us"));
            assertThat(sim.hosts()).anyMatch(h -> h.node().role() == RaftRole.LEADER);
            isolated[0] = follower.address();
            termAtIsolation[0] = follower.node().term();
            if (leaderLinkOnly) {
                int leader = sim.hosts().stream().filter(h -> h.node().role() == RaftRole.LEADER).findFirst()
                    .orElseThrow().address();
                sim.network().links().cut(leader, follower.address());
            } else {
                sim.network().links().isolate(follower.address());
            }
        });
        sim.loop().at(HEAL_AT_US, () -> {
            termAtHeal[0] = sim.hosts().get(isolated[0]).node().term();
            sim.network().links().heal();
        });
        SeedResult r = sim.run();
        long elections = sim.checks().elections().stream().filter(e -> e.timeUs() > ISOLATE_AT_US).count();
        Disruption d = new Disruption(elections, termAtHeal[0] - termAtIsolation[0], r.violationCount());
        System.out.println("pre-vote " + (preVote ? "on" : "off") + " seed " + seed + ": " + d);
        return d;
    }

    @Test
    void withPreVoteTheRejoiningFollowerDoesNotDeposeTheLeader() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Disruption d = isolateAFollower(true, seed);
            assertThat(d.violations()).isZero();
            assertThat(d.electionsAfterIsolation()).as("leader changes, seed " + seed).isZero();
            assertThat(d.termBumps()).as("term bumps, seed " + seed).isZero();
        }
    }

    @Test
    void withoutPreVoteTheRejoiningFollowerDisruptsTheCluster() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Disruption d = isolateAFollower(false, seed);
            assertThat(d.violations()).isZero();
            // The isolated follower campaigns on its own and comes back with a higher term.
            assertThat(d.termBumps()).as("term bumps, seed " + seed).isPositive();
            assertThat(d.termBumps() + d.electionsAfterIsolation()).as("term bumps + leader changes, seed " + seed)
                .isPositive();
        }
    }

    @Test
    void aFollowerThatAloneLostTheLeaderCannotStartAnElection() {
        // Pre-vote with check-quorum: the other follower heard the leader recently, so it
        // refuses the pre-vote, and the cut-off follower never bumps the term (cockroach#107060).
        for (long seed = 1; seed <= SEEDS; seed++) {
            Disruption d = cutOffAFollower(true, seed, true);
            assertThat(d.violations()).isZero();
            assertThat(d.electionsAfterIsolation()).as("leader changes, seed " + seed).isZero();
            assertThat(d.termBumps()).as("term bumps, seed " + seed).isZero();
        }
    }
}
