package io.basalt.txn.deadlock;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitForGraphTest {
    private static final long SHARD_A = 1;
    private static final long SHARD_B = 2;

    private final WaitForGraph graph = new WaitForGraph();

    /** Transaction n began at wall time n: a larger n is younger. */
    static TxnId t(int n) {
        return new TxnId(new Timestamp(n, 0), 1);
    }

    private void waits(TxnId waiter, TxnId... holders) {
        graph.setWaits(SHARD_A, waiter, Set.of(holders));
    }

    @Test
    void twoTransactionsWaitingForEachOtherAreACycle() {
        waits(t(1), t(2));
        assertThat(graph.cycleThrough(t(1))).isEmpty();
        waits(t(2), t(1));
        assertThat(graph.cycleThrough(t(2))).containsExactly(t(2), t(1));
        assertThat(graph.cycleThrough(t(1))).containsExactly(t(1), t(2));
        assertThat(graph.victimFor(t(1))).contains(t(2));
        assertThat(graph.victimFor(t(2))).contains(t(2));
    }

    @Test
    void threeCycleIsReportedInWaitOrderAndItsYoungestIsTheVictim() {
        waits(t(5), t(9));
        waits(t(9), t(3));
        waits(t(3), t(5));
        assertThat(graph.cycleThrough(t(3))).containsExactly(t(3), t(5), t(9));
        assertThat(graph.cycleThrough(t(9))).containsExactly(t(9), t(3), t(5));
        assertThat(graph.victimFor(t(3))).contains(t(9));
    }

    @Test
    void youngerOriginBreaksTiesBetweenTransactionsThatBeganAtTheSameTime() {
        TxnId older = new TxnId(new Timestamp(7, 0), 1);
        TxnId younger = new TxnId(new Timestamp(7, 0), 2);
        waits(older, younger);
        waits(younger, older);
        assertThat(graph.victimFor(older)).contains(younger);
    }

    @Test
    void transactionOffTheCycleIsNotInIt() {
        waits(t(1), t(2));
        waits(t(2), t(3));
        waits(t(3), t(2));
        // t1 waits for a deadlocked pair but is not part of the deadlock.
        assertThat(graph.cycleThrough(t(1))).isEmpty();
        assertThat(graph.victimFor(t(1))).isEmpty();
        assertThat(graph.victimFor(t(2))).contains(t(3));
    }

    @Test
    void diamondIsNotACycle() {
        waits(t(1), t(2), t(3));
        waits(t(2), t(4));
        waits(t(3), t(4));
        waits(t(4), t(5));
        for (int n = 1; n <= 5; n++) {
            assertThat(graph.cycleThrough(t(n))).as("t%d", n).isEmpty();
        }
        assertThat(graph.victims()).isEmpty();
        assertThat(graph.edgeCount()).isEqualTo(5);
    }

    @Test
    void selfLoopIsNeverAdded() {
        waits(t(1), t(1));
        assertThat(graph.edgeCount()).isZero();
        assertThat(graph.cycleThrough(t(1))).isEmpty();
        waits(t(1), t(1), t(2));
        assertThat(graph.waitsFor(t(1))).containsExactly(t(2));
        assertThat(graph.victims()).isEmpty();
    }

    @Test
    void edgesFromTwoSourcesAreUnitedIntoOneCycle() {
        graph.setWaits(SHARD_A, t(1), Set.of(t(2)));
        graph.setWaits(SHARD_B, t(2), Set.of(t(1)));
        assertThat(graph.victimFor(t(1))).contains(t(2));

        graph.setWaits(SHARD_B, t(2), Set.of());
        assertThat(graph.cycleThrough(t(1))).isEmpty();
        assertThat(graph.edgeCount()).isEqualTo(1);
    }

    @Test
    void edgeReportedByTwoSourcesStaysUntilBothClearIt() {
        graph.setWaits(SHARD_A, t(1), Set.of(t(2)));
        graph.setWaits(SHARD_B, t(1), Set.of(t(2), t(3)));
        graph.setWaits(SHARD_A, t(2), Set.of(t(1)));
        assertThat(graph.waitsFor(t(1))).containsExactly(t(2), t(3));
        assertThat(graph.edgeCount()).isEqualTo(3);

        graph.setWaits(SHARD_A, t(1), Set.of());
        assertThat(graph.victimFor(t(1))).as("shard B still reports t1 -> t2").contains(t(2));

        graph.setWaits(SHARD_B, t(1), Set.of(t(3)));
        assertThat(graph.cycleThrough(t(1))).isEmpty();
        assertThat(graph.waitsFor(t(1))).containsExactly(t(3));
    }

    @Test
    void setWaitsReplacesTheSourcesEarlierReport() {
        waits(t(1), t(2), t(3));
        waits(t(1), t(4));
        assertThat(graph.waitsFor(t(1))).containsExactly(t(4));
        assertThat(graph.edgeCount()).isEqualTo(1);
    }

    @Test
    void removingATransactionBreaksItsCyclesAndDropsAllItsEdges() {
        graph.setWaits(SHARD_A, t(1), Set.of(t(2)));
        graph.setWaits(SHARD_B, t(2), Set.of(t(3), t(4)));
        graph.setWaits(SHARD_A, t(3), Set.of(t(1)));
        graph.setWaits(SHARD_B, t(4), Set.of(t(2)));
        assertThat(graph.victimFor(t(1))).contains(t(3));

        graph.remove(t(2));
        assertThat(graph.edgeCount()).as("only t3 -> t1 is left").isEqualTo(1);
        assertThat(graph.waitsFor(t(1))).isEmpty();
        assertThat(graph.waitsFor(t(4))).isEmpty();
        assertThat(graph.victims()).isEmpty();

        // A new report from t1 does not resurrect edges to the removed transaction.
        graph.setWaits(SHARD_A, t(1), Set.of(t(3)));
        assertThat(graph.waitsFor(t(1))).containsExactly(t(3));
        assertThat(graph.victimFor(t(3))).contains(t(3));
    }

    @Test
    void removingAnUnknownTransactionChangesNothing() {
        waits(t(1), t(2));
        graph.remove(t(9));
        assertThat(graph.edgeCount()).isEqualTo(1);
    }

    @Test
    void sweepFindsTheYoungestOfEachDisjointCycle() {
        waits(t(1), t(2));
        waits(t(2), t(1));
        waits(t(10), t(12));
        waits(t(12), t(11));
        waits(t(11), t(10));
        assertThat(graph.victims()).containsExactly(t(2), t(12));
        assertThat(graph.edgeCount()).as("the sweep does not change the graph").isEqualTo(5);
    }

    @Test
    void sweepOverCyclesSharingATransactionAbortsOnlyWhatItMust() {
        // Two cycles through t1: t1 -> t2 -> t1 and t1 -> t3 -> t1.
        waits(t(1), t(2), t(3));
        waits(t(2), t(1));
        waits(t(3), t(1));
        assertThat(graph.victims()).containsExactly(t(2), t(3));

        // With t9 on both cycles, aborting it breaks both.
        graph.remove(t(1));
        waits(t(9), t(2), t(3));
        waits(t(2), t(9));
        waits(t(3), t(9));
        assertThat(graph.victims()).containsExactly(t(9));
    }

    @Test
    void cycleFoundOffTheSearchRootIsStillSwept() {
        // t1 leads into a cycle it is not part of.
        waits(t(1), t(5));
        waits(t(5), t(6));
        waits(t(6), t(5));
        assertThat(graph.victims()).containsExactly(t(6));
    }

    @Test
    void waitsForIsASnapshot() {
        waits(t(1), t(2));
        Set<TxnId> before = graph.waitsFor(t(1));
        waits(t(1), t(3));
        assertThat(before).containsExactly(t(2));
        assertThat(graph.waitsFor(t(7))).isEmpty();
    }

    @Test
    void cycleThroughListsDistinctTransactions() {
        waits(t(1), t(2));
        waits(t(2), t(3), t(1));
        waits(t(3), t(2));
        List<TxnId> cycle = graph.cycleThrough(t(1));
        assertThat(cycle).containsExactly(t(1), t(2));
    }
}
