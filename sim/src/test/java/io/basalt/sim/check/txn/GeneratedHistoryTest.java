package io.basalt.sim.check.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Large generated histories: a correct serial execution must check clean, and one stale read
 * planted in it must not. The time is printed, not asserted (timing belongs in benchmarks); what
 * keeps the real-time graph small is asserted through its edge count instead.
 */
class GeneratedHistoryTest {
    private static final int TXNS = 3_000;
    private static final int KEYS = 20;
    private static final long SEED = 20_240_517L;

    /** A serial execution against an in-memory list store: some transactions abort, some time out after committing. */
    static List<TxnRecord> serialHistory(long seed, int txns, int keys) {
        Random random = new Random(seed);
        Map<String, List<Long>> store = new HashMap<>();
        long nextValue = 1;
        List<TxnRecord> history = new ArrayList<>();
        for (int id = 0; id < txns; id++) {
            int roll = random.nextInt(100);
            Outcome outcome = roll < 5 ? Outcome.FAIL : roll < 10 ? Outcome.INFO : Outcome.OK;
            Map<String, List<Long>> view = new HashMap<>();
            List<MicroOp> ops = new ArrayList<>();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                String key = "k" + random.nextInt(keys);
                List<Long> list = view.computeIfAbsent(key, k -> new ArrayList<>(store.getOrDefault(k, List.of())));
                if (random.nextBoolean()) {
                    list.add(nextValue);
                    ops.add(new MicroOp.Append(key, nextValue++));
                } else {
                    ops.add(new MicroOp.Read(key, outcome == Outcome.INFO ? null : List.copyOf(list)));
                }
            }
            if (outcome != Outcome.FAIL) {
                store.putAll(view);
            }
            long complete = outcome == Outcome.INFO ? Long.MAX_VALUE : 10L * id + 5;
            history.add(new TxnRecord(id, id % 7, 10L * id, complete, outcome, ops));
        }
        return history;
    }

    @Test
    void aSerialHistoryOfThreeThousandTransactionsChecksClean() {
        List<TxnRecord> history = serialHistory(SEED, TXNS, KEYS);
        long startNs = System.nanoTime();
        ListAppendReport report = ListAppendChecker.check(history, true);
        long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        System.out.println("list-append check of " + TXNS + " txns over " + KEYS + " keys: " + elapsedMs + " ms; "
            + report.summary());
        assertThat(report.anomalies()).isEmpty();
        assertThat(report.txnsChecked()).isEqualTo(TXNS);

        DependencyGraph graph = ListAppendChecker.graph(history, true);
        // Serial: each transaction links only from the one completed just before it.
        assertThat(graph.edgeCount(EdgeType.RT)).isBetween(1, graph.size());
        assertThat(graph.edgeCount(EdgeType.WW)).isPositive();
        assertThat(graph.edgeCount(EdgeType.WR)).isPositive();
        assertThat(graph.edgeCount(EdgeType.RW)).isPositive();
    }

    @Test
    void oneStaleReadPlantedInALargeHistoryIsFound() {
        List<TxnRecord> history = new ArrayList<>(serialHistory(SEED, TXNS, KEYS));
        int victim = plantStaleRead(history);
        ListAppendReport report = ListAppendChecker.check(history, true);
        System.out.println("planted stale read in T" + victim + ": " + report.summary());
        assertThat(report.anomalies()).isNotEmpty();
        assertThat(report.anomalies()).anySatisfy(a -> assertThat(a.cycle()).contains(victim));
    }

    /** Drops the last value from the first read, past the middle, whose last value another committed transaction wrote. */
    private static int plantStaleRead(List<TxnRecord> history) {
        Map<String, Map<Long, Integer>> writerOf = new HashMap<>();
        for (TxnRecord t : history) {
            for (MicroOp op : t.ops()) {
                if (op instanceof MicroOp.Append a) {
                    writerOf.computeIfAbsent(a.key(), k -> new HashMap<>()).put(a.value(), t.id());
                }
            }
        }
        for (int i = history.size() / 2; i < history.size(); i++) {
            TxnRecord t = history.get(i);
            if (t.outcome() == Outcome.OK && t.ops().getFirst() instanceof MicroOp.Read r && !r.values().isEmpty()) {
                int writer = writerOf.get(r.key()).get(r.values().getLast());
                if (history.get(writer).outcome() == Outcome.OK) {
                    List<MicroOp> ops = new ArrayList<>(t.ops());
                    ops.set(0, new MicroOp.Read(r.key(), r.values().subList(0, r.values().size() - 1)));
                    history.set(i, new TxnRecord(t.id(), t.process(), t.invokeTime(), t.completeTime(), t.outcome(), ops));
                    return t.id();
                }
            }
        }
        throw new AssertionError("the generated history has no read to make stale");
    }
}
