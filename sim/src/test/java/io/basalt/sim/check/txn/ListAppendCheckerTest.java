package io.basalt.sim.check.txn;

import static io.basalt.sim.check.txn.History.append;
import static io.basalt.sim.check.txn.History.read;
import static io.basalt.sim.check.txn.History.unknownRead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * One hand-built history per anomaly, each small enough to check by eye. Transactions that
 * share the interval 0..100 are concurrent, so real time orders nothing among them.
 */
class ListAppendCheckerTest {
    @Test
    void serializableHistoryHasNoAnomalies() {
        History h = new History()
            .ok(1, 0, 10, append("x", 1), read("y"))
            .ok(2, 20, 30, read("x", 1), append("y", 1), append("x", 2), read("x", 1, 2))
            .ok(3, 25, 60, read("x", 1))
            .fail(4, 0, 5, append("x", 99))
            .info(5, 70, unknownRead("x"), append("y", 50))
            .ok(6, 80, 90, read("x", 1, 2), read("y", 1));
        for (boolean realTime : new boolean[] {false, true}) {
            ListAppendReport report = h.check(realTime);
            assertThat(report.anomalies()).as("realTime=%s", realTime).isEmpty();
            assertThat(report.summary()).isEqualTo("6 transactions, no anomalies");
        }
    }

    @Test
    void appendsToTwoKeysInOppositeOrdersAreG0() {
        ListAppendReport report = new History()
            .ok(1, 0, 100, append("x", 1), append("y", 2))
            .ok(2, 0, 100, append("x", 3), append("y", 4))
            .ok(3, 200, 300, read("x", 1, 3), read("y", 4, 2))
            .check(false);
        assertThat(report.kinds()).containsExactly("G0");
        Anomaly g0 = report.anomalies().getFirst();
        assertThat(g0.cycle()).containsExactlyInAnyOrder(1, 2);
        assertThat(g0.explanation())
            .contains("T1 appended 1 to x, then T2 appended 3 after it (ww)")
            .contains("T2 appended 4 to y, then T1 appended 2 after it (ww)");
        assertThat(report.summary()).startsWith("3 transactions, 1 anomalies (G0 x1); first: G0: ");
    }

    @Test
    void readingAnAbortedAppendIsG1a() {
        ListAppendReport report = new History()
            .fail(1, 0, 100, append("x", 1))
            .ok(2, 0, 100, read("x", 1))
            .check(false);
        assertThat(report.kinds()).containsExactly("G1a");
        assertThat(report.anomalies().getFirst().explanation()).isEqualTo("T2 read x=[1]: 1 was appended by T1, which aborted");
    }

    @Test
    void readingAnotherTransactionsIntermediateAppendIsG1b() {
        ListAppendReport report = new History()
            .ok(1, 0, 100, append("x", 1), append("x", 2))
            .ok(2, 0, 100, read("x", 1))
            .check(false);
        assertThat(report.kinds()).containsExactly("G1b");
        assertThat(report.anomalies().getFirst().explanation()).contains("T2 read x=[1]").contains("went on to append 2");
    }

    @Test
    void eachReadingTheOthersAppendIsG1c() {
        ListAppendReport report = new History()
            .ok(1, 0, 100, append("x", 1), read("y", 1))
            .ok(2, 0, 100, append("y", 1), read("x", 1))
            .check(false);
        assertThat(report.kinds()).containsExactly("G1c");
        assertThat(report.anomalies().getFirst().cycle()).containsExactlyInAnyOrder(1, 2);
        assertThat(report.anomalies().getFirst().explanation()).contains("T1 appended 1 to x and T2 read x=[1] (wr)");
    }

    @Test
    void aThreeTransactionInformationCycleIsG1c() {
        ListAppendReport report = new History()
            .ok(1, 0, 100, append("x", 1), read("z", 1))
            .ok(2, 0, 100, read("x", 1), append("y", 1))
            .ok(3, 0, 100, read("y", 1), append("z", 1))
            .check(false);
        assertThat(report.kinds()).containsExactly("G1c");
        assertThat(report.anomalies().getFirst().cycle()).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void readSkewIsGSingle() {
        ListAppendReport report = new History()
            .ok(1, 0, 100, read("x"), read("y", 1))
            .ok(2, 10, 20, append("x", 1), append("y", 1))
            .ok(3, 200, 300, read("x", 1), read("y", 1))
            .check(false);
        assertThat(report.kinds()).containsExactly("G-single");
        Anomaly anomaly = report.anomalies().getFirst();
        assertThat(anomaly.cycle()).containsExactlyInAnyOrder(1, 2);
        assertThat(anomaly.explanation())
            .contains("T1 read x=[] before T2 appended 1 (rw)")
            .contains("T2 appended 1 to y and T1 read y=[1] (wr)");
    }

    @Test
    void writeSkewIsG2() {
        ListAppendReport report = new History()
            .ok(1, 0, 100, read("x"), append("y", 1))
            .ok(2, 0, 100, read("y"), append("x", 1))
            .ok(3, 200, 300, read("x", 1), read("y", 1))
            .check(true);
        assertThat(report.kinds()).containsExactly("G2");
        assertThat(report.anomalies().getFirst().cycle()).containsExactlyInAnyOrder(1, 2);
        assertThat(report.anomalies().getFirst().explanation())
            .contains("T1 read x=[] before T2 appended 1 (rw)")
            .contains("T2 read y=[] before T1 appended 1 (rw)");
    }

    @Test
    void readsThatAreNotPrefixesOfOneAnotherAreAnIncompatibleOrder() {
        ListAppendReport report = new History()
            .ok(1, 0, 100, append("x", 1))
            .ok(2, 0, 100, append("x", 2))
            .ok(3, 0, 100, read("x", 1, 2))
            .ok(4, 0, 100, read("x", 2))
            .check(false);
        assertThat(report.kinds()).containsExactly("incompatible-order");
        assertThat(report.anomalies().getFirst().explanation())
            .startsWith("T4 read x=[2], which is not a prefix of T3's x=[1, 2]");
    }

    @Test
    void aValueReadTwiceInOneListIsADuplicateAppend() {
        ListAppendReport report = new History()
            .ok(1, 0, 100, append("x", 1))
            .ok(2, 0, 100, read("x", 1, 1))
            .check(false);
        assertThat(report.kinds()).containsExactly("duplicate-append");
    }

    @Test
    void aReadThatMissesTheTransactionsOwnAppendIsInternal() {
        ListAppendReport report = new History()
            .ok(1, 0, 100, read("x"), append("x", 1), read("x", 1))
            .ok(2, 0, 100, append("y", 1), read("y"))
            .check(false);
        assertThat(report.kinds()).containsExactly("internal");
        assertThat(report.anomalies().getFirst().explanation()).startsWith("T2 read y=[]");
    }

    @Test
    void aStaleReadAfterACompletedAppendIsAStrictSerializabilityViolationOnly() {
        History h = new History()
            .ok(1, 0, 10, append("x", 1), read("x", 1))
            .ok(2, 20, 30, read("x"));
        assertThat(h.check(false).anomalies()).isEmpty();
        ListAppendReport report = h.check(true);
        assertThat(report.kinds()).containsExactly("G-single-realtime");
        assertThat(report.anomalies().getFirst().explanation())
            .contains("T2 read x=[] before T1 appended 1 (rw)")
            .contains("T1 completed at 10 before T2 was invoked at 20 (rt)");
    }

    @Test
    void aChainOfRealTimeEdgesIsExplainedAsOne() {
        ListAppendReport report = new History()
            .ok(1, 0, 10, append("x", 1), read("x", 1))
            .ok(3, 20, 30, append("y", 1))
            .ok(2, 40, 50, read("x"))
            .check(true);
        assertThat(report.kinds()).containsExactly("G-single-realtime");
        Anomaly anomaly = report.anomalies().getFirst();
        assertThat(anomaly.cycle()).containsExactlyInAnyOrder(1, 2);
        assertThat(anomaly.explanation()).contains("T1 completed at 10 before T2 was invoked at 40 (rt)");
    }

    @Test
    void appendsOrderedAgainstRealTimeAreG0Realtime() {
        History h = new History()
            .ok(1, 0, 10, append("x", 1))
            .ok(2, 20, 30, append("x", 2))
            .ok(3, 40, 50, read("x", 2, 1));
        assertThat(h.check(false).anomalies()).isEmpty();
        assertThat(h.check(true).kinds()).containsExactly("G0-realtime");
    }

    @Test
    void aReadConcurrentWithTheAppendMayMissIt() {
        ListAppendReport report = new History()
            .ok(1, 0, 10, append("x", 1), read("x", 1))
            .ok(2, 10, 30, read("x"))
            .check(true);
        assertThat(report.anomalies()).isEmpty();
    }

    @Test
    void anUnknownTransactionWhoseAppendWasReadCommitted() {
        History observed = new History()
            .info(1, 0, append("x", 1))
            .ok(2, 10, 20, read("x", 1));
        assertThat(observed.check(true).anomalies()).isEmpty();

        // Committed, it takes part in cycles like any committed transaction.
        ListAppendReport report = new History()
            .info(1, 0, append("x", 1), append("y", 1))
            .ok(2, 10, 20, read("x", 1), read("y"))
            .ok(3, 30, 40, read("y", 1))
            .check(true);
        assertThat(report.kinds()).containsExactly("G-single");
        assertThat(report.anomalies().getFirst().cycle()).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void anAbortedTransactionWhoseAppendWasReadIsG1aAndInNoCycle() {
        ListAppendReport report = new History()
            .fail(1, 0, 5, append("x", 1), append("y", 1))
            .ok(2, 10, 20, read("x", 1), read("y"))
            .ok(3, 30, 40, read("y", 1))
            .check(true);
        assertThat(report.kinds()).containsExactly("G1a");
        assertThat(report.anomalies()).hasSize(2);
    }

    @Test
    void aValueAppendedTwiceBreaksTheWorkloadContract() {
        History h = new History()
            .ok(1, 0, 10, append("x", 1))
            .ok(2, 20, 30, append("x", 1));
        assertThatThrownBy(() -> h.check(false))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("appended to x by both T1 and T2");
    }
}
