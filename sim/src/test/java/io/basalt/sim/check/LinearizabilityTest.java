package io.basalt.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sim.check.Linearizability.Verdict;
import io.basalt.sim.workload.Op;
import io.basalt.sim.workload.Op.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityTest {
    private static final long STEPS_MAX = 1_000_000;
    private final List<Op> ops = new ArrayList<>();

    private void put(long client, long value, long prev, long invokeMs, long returnMs) {
        ops.add(Op.invoked(ops.size(), client, Kind.PUT, "k", value, 0, invokeMs * 1000).ok(returnMs * 1000, prev, true, 0, 0));
    }

    private void get(long client, long value, long invokeMs, long returnMs) {
        ops.add(Op.invoked(ops.size(), client, Kind.GET, "k", 0, 0, invokeMs * 1000).ok(returnMs * 1000, value, true, 0, 0));
    }

    private void cas(long client, long expected, long value, boolean swapped, long saw, long invokeMs, long returnMs) {
        ops.add(Op.invoked(ops.size(), client, Kind.CAS, "k", value, expected, invokeMs * 1000)
            .ok(returnMs * 1000, saw, swapped, 0, 0));
    }

    private void unknown(long client, Kind kind, long value, long expected, long invokeMs) {
        ops.add(Op.invoked(ops.size(), client, kind, "k", value, expected, invokeMs * 1000).unknown());
    }

    private Verdict verdict() {
        return Linearizability.checkKey("k", ops, STEPS_MAX).verdict();
    }

    @Test
    void sequentialWritesAndReadsAreLinearizable() {
        put(1, 10, 0, 0, 1);
        get(2, 10, 2, 3);
        put(2, 20, 10, 4, 5);
        get(1, 20, 6, 7);
        assertThat(verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void staleReadAfterAcknowledgedWriteIsRejected() {
        put(1, 10, 0, 0, 1);
        put(1, 20, 10, 2, 3);
        get(2, 10, 4, 5);
        assertThat(verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void readConcurrentWithWriteMaySeeEitherValue() {
        put(1, 10, 0, 0, 1);
        put(1, 20, 10, 2, 6);
        get(2, 10, 3, 4);
        get(3, 20, 3, 5);
        assertThat(verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void readsThatGoBackInTimeAreRejected() {
        put(1, 10, 0, 0, 1);
        put(1, 20, 10, 2, 9);
        get(2, 20, 3, 4);
        get(3, 10, 5, 6);
        assertThat(verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void unknownWriteMayTakeEffectLongAfterItsTimeout() {
        put(1, 10, 0, 0, 1);
        unknown(2, Kind.PUT, 30, 0, 2);
        get(3, 10, 50, 51);
        get(3, 30, 100, 101);
        assertThat(verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unknownWriteMayNeverTakeEffect() {
        put(1, 10, 0, 0, 1);
        unknown(2, Kind.PUT, 30, 0, 2);
        get(3, 10, 50, 51);
        assertThat(verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unknownWriteCannotExplainAReadBeforeItWasInvoked() {
        put(1, 10, 0, 0, 1);
        get(3, 30, 2, 3);
        unknown(2, Kind.PUT, 30, 0, 4);
        assertThat(verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void unknownWritesNobodySawAreIgnoredEvenInBulk() {
        put(1, 10, 0, 0, 1);
        for (int i = 0; i < 200; i++) {
            unknown(2, Kind.PUT, 1000 + i, 0, 2 + i);
        }
        get(3, 10, 500, 501);
        assertThat(Linearizability.checkKey("k", ops, 1_000).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unknownReadsConstrainNothing() {
        put(1, 10, 0, 0, 1);
        unknown(2, Kind.GET, 0, 0, 2);
        get(3, 10, 3, 4);
        assertThat(verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void compareAndSetMustAgreeWithTheValueItSaw() {
        put(1, 10, 0, 0, 1);
        cas(2, 10, 20, true, 10, 2, 3);
        cas(3, 10, 30, false, 20, 4, 5);
        get(1, 20, 6, 7);
        assertThat(verdict()).isEqualTo(Verdict.LINEARIZABLE);

        ops.clear();
        put(1, 10, 0, 0, 1);
        cas(2, 10, 20, true, 10, 2, 3);
        cas(3, 10, 30, true, 10, 4, 5);  // both swapped from 10: one of them saw a stale value
        assertThat(verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void unknownCompareAndSetTakesEffectOnlyIfItsExpectationHolds() {
        put(1, 10, 0, 0, 1);
        unknown(2, Kind.CAS, 30, 99, 2);  // expects 99, which the key never holds
        get(3, 30, 10, 11);
        assertThat(verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void putMustReportThePreviousValue() {
        put(1, 10, 0, 0, 1);
        put(2, 20, 0, 2, 3);  // claims the key was absent, but 10 was written before
        assertThat(verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void searchEffortIsBounded() {
        for (int i = 0; i < 40; i++) {
            unknown(i + 1, Kind.PUT, 100 + i, 0, 0);
            get(100 + i, 100 + i, 1, 2);
        }
        get(99, 7, 3, 4);  // no write of 7 exists: the full search would try every order of the writes
        Linearizability.Result r = Linearizability.checkKey("k", ops, 10_000);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void keysAreCheckedIndependently() {
        ops.add(Op.invoked(0, 1, Kind.PUT, "a", 10, 0, 0).ok(1000, 0, true, 0, 0));
        ops.add(Op.invoked(1, 2, Kind.GET, "b", 0, 0, 2000).ok(3000, 0, true, 0, 0));
        ops.add(Op.invoked(2, 2, Kind.GET, "a", 0, 0, 4000).ok(5000, 0, true, 0, 0));
        List<Linearizability.Result> results = Linearizability.check(ops, STEPS_MAX);
        assertThat(results).extracting(Linearizability.Result::key, Linearizability.Result::verdict)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("a", Verdict.NOT_LINEARIZABLE),
                org.assertj.core.groups.Tuple.tuple("b", Verdict.LINEARIZABLE));
    }
}
