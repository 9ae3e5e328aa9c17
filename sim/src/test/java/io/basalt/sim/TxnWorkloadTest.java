package io.basalt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.raft.ReplicationMode;
import io.basalt.sim.check.Violation;
import io.basalt.sim.workload.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transactions under faults (crashes, partitions, leader changes, lossy disks and networks):
 * the bank keeps its total in every committed full read, and list-append histories show no
 * dependency cycle, real-time order included. Each deliberate transaction bug is caught.
 */
class TxnWorkloadTest {
    private static final int SEEDS = 150;
    private static final int MUTATION_SEEDS_MAX = 200;

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"BANK", "LIST_APPEND"})
    void serializableTransactionsShowNoAnomalyUnderFaults(Workload workload) {
        SimOptions options = SimOptions.defaults().withWorkload(workload, null)
            .withSoak(Boolean.getBoolean("basalt.sim.soak")).withSeeds(SeedBudget.seeds(SEEDS), 300_001);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SimSummary s = SimRunner.run(options, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(s.violations()).as(output).isZero();
        assertThat(s.crashes()).as("faults happened").isGreaterThan(s.seeds());
        assertThat(s.partitions()).isGreaterThan(s.seeds());
        assertThat(s.ops()).as("transactions ran through them").isGreaterThan(20L * s.seeds());
    }

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"BANK", "LIST_APPEND"})
    void syncAllAndAsyncRunTransactionsToo(Workload workload) {
        for (ReplicationMode mode : new ReplicationMode[] {ReplicationMode.SYNC_ALL, ReplicationMode.ASYNC}) {
            SimOptions options = SimOptions.defaults().withMode(mode).withWorkload(workload, null)
                .withSeeds(SeedBudget.seeds(20), 400_001);
            SimSummary s = SimRunner.run(options, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
            // Async failover may lose acknowledged commits: that is reported as notes, never hidden.
            assertThat(s.violations()).as(mode + " " + workload).isZero();
            assertThat(s.ops()).isPositive();
        }
    }

    static java.util.stream.Stream<Arguments> mutations() {
        return java.util.stream.Stream.of(
            Arguments.of(TxnMutation.EARLY_LOCK_RELEASE, Workload.BANK, "bank:"),
            Arguments.of(TxnMutation.EARLY_LOCK_RELEASE, Workload.LIST_APPEND, "list-append:"),
            Arguments.of(TxnMutation.SKIP_RANGE_LOCKS, Workload.LIST_APPEND, "list-append:"),
            Arguments.of(TxnMutation.FOLLOWER_READ, Workload.LIST_APPEND, "list-append:"));
    }

    @ParameterizedTest
    @MethodSource("mutations")
    void eachDeliberateTransactionBugIsCaught(TxnMutation mutation, Workload workload, String checker) {
        SimOptions options = SimOptions.defaults().withWorkload(workload, mutation);
        SeedResult caught = null;
        for (long from = 1; from <= MUTATION_SEEDS_MAX && caught == null; from += 8) {
            for (SeedResult r : SimRunner.runSeeds(options, from, 8)) {
                if (r.violations().stream().map(Violation::name).anyMatch(n -> n.startsWith(checker))) {
                    caught = r;
                    break;
                }
            }
        }
        assertThat(caught).as(mutation.cliName() + " not caught within " + MUTATION_SEEDS_MAX + " seeds").isNotNull();
        System.out.println(mutation.cliName() + " on " + workload.cliName() + " caught at seed " + caught.seed() + ": "
            + caught.violations().getFirst().oneLine());
    }
}
