package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.SqlState;
import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/**
 * Claim 4: a cycle of waits is broken in the step that closes it, with no tick, by aborting
 * its youngest transaction (SQLSTATE 40P01); the survivors' requests proceed.
 */
class DeadlockTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void theYoungerOfTwoIsAbortedWhenItClosesTheCycle() {
        TxnId t1 = h.begin();
        TxnId t2 = h.begin();
        assertThat(t2.youngerThan(t1)).isTrue();
        h.assertDone(h.put(t1, "a", "1"));
        h.assertDone(h.put(t2, "b", "2"));
        long t1WantsB = h.put(t1, "b", "1");
        h.assertWaiting(t1WantsB);

        long t2WantsA = h.put(t2, "a", "2");
        h.assertAborted(t2WantsA, SqlState.DEADLOCK_DETECTED);
        assertThat(h.failed(t2WantsA).message()).contains("deadlock");
        h.assertDone(t1WantsB);
        assertThat(h.engine.isOpen(t2)).isFalse();
        assertThat(h.engine.stats().deadlocks()).isEqualTo(1);

        long commit = h.commit(t1);
        h.applyAll();
        h.committed(commit);
        assertThat(h.stored("a")).isEqualTo("1");
        assertThat(h.stored("b")).isEqualTo("1");
    }

    @Test
    void theYoungerIsAbortedEvenWhenTheOlderClosesTheCycle() {
        TxnId t1 = h.begin();
        TxnId t2 = h.begin();
        h.assertDone(h.put(t1, "a", "1"));
        h.assertDone(h.put(t2, "b", "2"));
        long t2WantsA = h.put(t2, "a", "2");
        h.assertWaiting(t2WantsA);

        long t1WantsB = h.put(t1, "b", "1");
        h.assertAborted(t2WantsA, SqlState.DEADLOCK_DETECTED);
        h.assertDone(t1WantsB);
        // The victim's next request learns it is over, with the same reason.
        h.assertAborted(h.get(t2, "a"), SqlState.DEADLOCK_DETECTED);
    }

    @Test
    void aCycleOfThreeAbortsOnlyItsYoungest() {
        TxnId t1 = h.begin();
        TxnId t2 = h.begin();
        TxnId t3 = h.begin();
        h.assertDone(h.put(t1, "a", "1"));
        h.assertDone(h.put(t2, "b", "2"));
        h.assertDone(h.put(t3, "c", "3"));
        long t1WantsB = h.put(t1, "b", "1");
        long t3WantsA = h.put(t3, "a", "3");
        h.assertWaiting(t1WantsB);
        h.assertWaiting(t3WantsA);

        long t2WantsC = h.put(t2, "c", "2");
        h.assertAborted(t3WantsA, SqlState.DEADLOCK_DETECTED);
        h.assertDone(t2WantsC);
        h.assertWaiting(t1WantsB);
        assertThat(h.engine.isOpen(t1)).isTrue();
        assertThat(h.engine.isOpen(t2)).isTrue();

        long commit2 = h.commit(t2);
        h.applyAll();
        h.committed(commit2);
        h.assertDone(t1WantsB);
        assertThat(h.engine.stats().deadlocks()).isEqualTo(1);
    }

    @Test
    void twoReadersUpgradingTheSameKeyDeadlockAndTheYoungerIsAborted() {
        h.seed("k", "0");
        TxnId t1 = h.begin();
        TxnId t2 = h.begin();
        assertThat(h.value(h.get(t1, "k"))).isEqualTo("0");
        assertThat(h.value(h.get(t2, "k"))).isEqualTo("0");
        long t1Upgrade = h.put(t1, "k", "1");
        h.assertWaiting(t1Upgrade);

        long t2Upgrade = h.put(t2, "k", "2");
        h.assertAborted(t2Upgrade, SqlState.DEADLOCK_DETECTED);
        h.assertDone(t1Upgrade);

        long commit = h.commit(t1);
        h.applyAll();
        h.committed(commit);
        assertThat(h.stored("k")).isEqualTo("1");
    }

    @Test
    void theOlderUpgraderClosingTheCycleStillSurvives() {
        h.seed("k", "0");
        TxnId t1 = h.begin();
        TxnId t2 = h.begin();
        h.value(h.get(t1, "k"));
        h.value(h.get(t2, "k"));
        long t2Upgrade = h.put(t2, "k", "2");
        h.assertWaiting(t2Upgrade);

        long t1Upgrade = h.put(t1, "k", "1");
        h.assertAborted(t2Upgrade, SqlState.DEADLOCK_DETECTED);
        h.assertDone(t1Upgrade);
    }

    @Test
    void oneWaitThatClosesTwoCyclesBreaksBoth() {
        // t1 reads k; t2 and t3 read k and each wait for something t1 holds. When t1 then
        // upgrades k it waits for both readers, which wait for it: two cycles close at once.
        h.seed("k", "0");
        TxnId t1 = h.begin();
        TxnId t2 = h.begin();
        TxnId t3 = h.begin();
        h.value(h.get(t1, "k"));
        h.assertDone(h.put(t1, "x", "1"));
        h.value(h.get(t2, "k"));
        h.value(h.get(t3, "k"));
        long t2WantsX = h.put(t2, "x", "2");
        long t3WantsX = h.put(t3, "x", "3");
        h.assertWaiting(t2WantsX);
        h.assertWaiting(t3WantsX);

        long t1Upgrade = h.put(t1, "k", "1");
        h.assertAborted(t2WantsX, SqlState.DEADLOCK_DETECTED);
        h.assertAborted(t3WantsX, SqlState.DEADLOCK_DETECTED);
        h.assertDone(t1Upgrade);
        assertThat(h.engine.stats().deadlocks()).isEqualTo(2);
        long commit = h.commit(t1);
        h.applyAll();
        h.committed(commit);
        assertThat(h.stored("k")).isEqualTo("1");
    }

    @Test
    void readingForUpdateQueuesTwoReadModifyWritesInsteadOfDeadlocking() {
        EngineHarness h = new EngineHarness();
        h.seed("k", "0");
        TxnId t1 = h.begin();
        TxnId t2 = h.begin();
        assertThat(h.value(h.getForUpdate(t1, "k"))).isEqualTo("0");
        long t2Reads = h.getForUpdate(t2, "k");
        h.assertWaiting(t2Reads);
        h.assertDone(h.put(t1, "k", "1"));
        long c1 = h.commit(t1);
        h.applyAll();
        h.committed(c1);
        assertThat(h.value(t2Reads)).as("the second reads the first's write").isEqualTo("1");
        h.assertDone(h.put(t2, "k", "2"));
        long c2 = h.commit(t2);
        h.applyAll();
        h.committed(c2);
        assertThat(h.engine.stats().deadlocks()).isZero();
        assertThat(h.stored("k")).isEqualTo("2");
    }
}
