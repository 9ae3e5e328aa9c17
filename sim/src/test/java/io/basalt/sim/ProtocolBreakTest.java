package io.basalt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.raft.ProtocolBreak;
import io.basalt.sim.check.Violation;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each deliberate protocol bug must be caught by a safety checker within a bounded number of seeds. */
class ProtocolBreakTest {
    private static final int SEEDS_MAX = 500;
    private static final Set<String> SAFETY_CHECKERS = Set.of("election-safety", "log-matching", "leader-completeness",
        "state-machine-safety", "linearizability", "durability");

    @ParameterizedTest
    @EnumSource(ProtocolBreak.class)
    void aSafetyCheckerCatchesTheBreak(ProtocolBreak protocolBreak) {
        SimOptions options = SimOptions.defaults().withBreak(protocolBreak);
        SeedResult caught = null;
        int batch = 16;
        for (long from = 1; from <= SEEDS_MAX && caught == null; from += batch) {
            for (SeedResult r : SimRunner.runSeeds(options, from, batch)) {
                if (r.violations().stream().map(Violation::name).anyMatch(SAFETY_CHECKERS::contains)) {
                    caught = r;
                    break;
                }
            }
        }
        assertThat(caught).as(protocolBreak + " not caught within " + SEEDS_MAX + " seeds").isNotNull();
        System.out.println(protocolBreak.cliName() + " caught at seed " + caught.seed() + ": "
            + caught.violations().getFirst().oneLine());
    }
}
