package io.basalt.txn.deadlock;

import static io.basalt.txn.deadlock.WaitForGraphTest.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.Prng;
import io.basalt.txn.TxnId;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random reports, clears and removals from several sources, checked after every step against a
 * plain model of the reports and a brute-force reachability search.
 */
class WaitForGraphModelTest {
    private static final int SEEDS = 200;
    private static final int STEPS_PER_SEED = 150;
    private static final int TXNS = 10;
    private static final int SOURCES = 3;

    /** The reports as given: (source, waiter) to holders, with self-edges already dropped. */
    private final Map<Report, Set<TxnId>> reports = new HashMap<>();

    private record Report(long source, TxnId waiter) {}

    @Test
    void graphMatchesABruteForceModel() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            reports.clear();
            WaitForGraph graph = new WaitForGraph();
            Prng prng = new Prng(seed);
            for (int step = 0; step < STEPS_PER_SEED; step++) {
                apply(prng, graph);
                check(graph, "seed " + seed + " step " + step);
            }
        }
    }

    private void apply(Prng prng, WaitForGraph graph) {
        if (prng.chance(0.05)) {
            TxnId gone = t(prng.nextInt(TXNS));
            graph.remove(gone);
            reports.keySet().removeIf(report -> report.waiter().equals(gone));
            reports.values().forEach(holders -> holders.remove(gone));
            return;
        }
        long source = prng.nextInt(SOURCES);
        TxnId waiter = t(prng.nextInt(TXNS));
        Set<TxnId> holders = new TreeSet<>();
        int count = prng.chance(0.2) ? 0 : prng.nextInt(1, 3);
        for (int i = 0; i < count; i++) {
            holders.add(t(prng.nextInt(TXNS)));
        }
        graph.setWaits(source, waiter, holders);
        Set<TxnId> kept = new TreeSet<>(holders);
        kept.remove(waiter);
        reports.put(new Report(source, waiter), kept);
    }

    private Map<TxnId, Set<TxnId>> union() {
        Map<TxnId, Set<TxnId>> union = new TreeMap<>();
        reports.forEach((key, holders) -> union.computeIfAbsent(key.waiter(), w -> new TreeSet<>()).addAll(holders));
        return union;
    }

    private void check(WaitForGraph graph, String where) {
        Map<TxnId, Set<TxnId>> union = union();
        int edges = 0;
        for (int n = 0; n < TXNS; n++) {
            Set<TxnId> expected = union.getOrDefault(t(n), Set.of());
            edges += expected.size();
            assertThat(graph.waitsFor(t(n))).as(where).containsExactlyElementsOf(new TreeSet<>(expected));
        }
        assertThat(graph.edgeCount()).as(where).isEqualTo(edges);
        for (int n = 0; n < TXNS; n++) {
            checkCycleThrough(graph, union, t(n), where);
        }
        checkSweep(graph, union, where);
    }

    private static void checkCycleThrough(WaitForGraph graph, Map<TxnId, Set<TxnId>> union, TxnId txn, String where) {
        List<TxnId> cycle = graph.cycleThrough(txn);
        boolean onCycle = union.getOrDefault(txn, Set.of()).stream()
            .anyMatch(holder -> reachable(union, holder, Set.of()).contains(txn));
        assertThat(!cycle.isEmpty()).as("%s: %s on a cycle", where, txn).isEqualTo(onCycle);
        if (cycle.isEmpty()) {
            assertThat(graph.victimFor(txn)).isEmpty();
            return;
        }
        assertThat(cycle.getFirst()).isEqualTo(txn);
        assertThat(new HashSet<>(cycle)).as("%s: distinct %s", where, cycle).hasSize(cycle.size());
        for (int i = 0; i < cycle.size(); i++) {
            TxnId next = cycle.get((i + 1) % cycle.size());
            assertThat(union.get(cycle.get(i))).as("%s: edge in %s", where, cycle).contains(next);
        }
        assertThat(graph.victimFor(txn)).contains(Collections.max(cycle));
    }

    /** The victims leave no cycle behind, each broke a cycle that was left when it was chosen, and the graph is untouched. */
    private static void checkSweep(WaitForGraph graph, Map<TxnId, Set<TxnId>> union, String where) {
        int edgesBefore = graph.edgeCount();
        List<TxnId> victims = graph.victims();
        assertThat(graph.edgeCount()).isEqualTo(edgesBefore);
        assertThat(victims).as(where).doesNotHaveDuplicates();
        Set<TxnId> removed = new HashSet<>();
        for (TxnId victim : victims) {
            assertThat(onCycle(union, victim, removed)).as("%s: victim %s of %s", where, victim, victims).isTrue();
            removed.add(victim);
        }
        for (TxnId txn : union.keySet()) {
            assertThat(removed.contains(txn) || !onCycle(union, txn, removed)).as("%s: %s left on a cycle", where, txn).isTrue();
        }
    }

    private static boolean onCycle(Map<TxnId, Set<TxnId>> union, TxnId txn, Set<TxnId> removed) {
        return union.getOrDefault(txn, Set.of()).stream()
            .filter(holder -> !removed.contains(holder))
            .anyMatch(holder -> reachable(union, holder, removed).contains(txn));
    }

    /** Every transaction reachable from {@code from} (inclusive) avoiding {@code removed}. */
    private static Set<TxnId> reachable(Map<TxnId, Set<TxnId>> union, TxnId from, Set<TxnId> removed) {
        Set<TxnId> seen = new HashSet<>(List.of(from));
        ArrayDeque<TxnId> queue = new ArrayDeque<>(seen);
        while (!queue.isEmpty()) {
            for (TxnId next : union.getOrDefault(queue.poll(), Set.of())) {
                if (!removed.contains(next) && seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }
}
