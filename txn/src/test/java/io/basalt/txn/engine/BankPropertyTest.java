package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Claim 15: concurrent transfers neither make nor lose money, and every committed one counts exactly once. */
class BankPropertyTest {
    private static final int SEEDS = 50;

    @Test
    void transfersPreserveTheTotalAndReplayInCommitOrder() {
        List<BankSimulation.Report> reports = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            BankSimulation.Report r = new BankSimulation(seed, Set.of()).run();
            assertThat(r.violations()).as("seed %d (replay with new BankSimulation(%dL, Set.of()))", seed, seed)
                .isEmpty();
            assertThat(r.committed() + r.declined()).as("seed %d: every transfer finished", seed)
                .isEqualTo(BankSimulation.CLIENTS * BankSimulation.TRANSFERS_PER_CLIENT);
            assertThat(r.audits()).as("seed %d", seed).isEqualTo(BankSimulation.AUDITS);
            reports.add(r);
        }
        // The runs must have exercised what they claim to survive.
        assertThat(reports.stream().mapToLong(BankSimulation.Report::deadlocks).sum()).isPositive();
        assertThat(reports.stream().mapToInt(BankSimulation.Report::retries).sum()).isPositive();
        assertThat(reports.stream().mapToLong(BankSimulation.Report::lockTimeouts).sum()).isPositive();
        assertThat(reports.stream().mapToLong(BankSimulation.Report::heartbeatExpiries).sum()).isPositive();
        assertThat(reports.stream().mapToInt(BankSimulation.Report::declined).sum()).isPositive();
        assertThat(reports.stream().mapToInt(BankSimulation.Report::committed).sum())
            .isGreaterThan(SEEDS * BankSimulation.CLIENTS);
    }

    @Test
    void theCheckerCatchesEarlyLockRelease() {
        int caught = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            caught += new BankSimulation(seed, Set.of(TxnBreak.EARLY_LOCK_RELEASE)).run().violations().isEmpty() ? 0 : 1;
        }
        assertThat(caught).as("seeds on which the broken protocol was caught").isPositive();
    }
}
