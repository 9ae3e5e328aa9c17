package io.basalt.sim.check.txn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Elle's list-append analysis (Kingsbury and Alvaro, "Elle: Inferring Isolation Anomalies from
 * Experimental Observations", VLDB 2020) as a pure function of a recorded history.
 *
 * <p>The steps: index who appended each value; recover each key's version order from the
 * committed reads ({@link VersionOrders}: incompatible orders, duplicated appends); check each
 * committed transaction's reads on their own ({@link ReadAnomalies}: G1a, G1b, internal); build
 * the ww/wr/rw graph, plus rt edges when {@code realTime} asks for strict serializability
 * ({@link DependencyGraph}); and explain its cycles ({@link CycleSearch}). Committed (OK)
 * transactions are in the graph; unknown (INFO) ones only if a committed read observed one of
 * their appends, because then they committed; aborted (FAIL) ones never.
 */
public final class ListAppendChecker {
    /** Report order of the kinds: cycles from most to least severe, then the single-transaction findings. */
    private static final List<String> KIND_ORDER = List.of("G0", "G1a", "G1b", "G1c", "G-single", "G2", "G0-realtime",
        "G1c-realtime", "G-single-realtime", "G2-realtime", "internal", "duplicate-append", "incompatible-order");

    private ListAppendChecker() {}

    public static ListAppendReport check(List<TxnRecord> history, boolean realTime) {
        List<Anomaly> anomalies = new ArrayList<>();
        AppendIndex appends = AppendIndex.of(history);
        VersionOrders orders = VersionOrders.recover(history, anomalies);
        ReadAnomalies.find(history, appends, orders, anomalies);
        anomalies.addAll(CycleSearch.find(DependencyGraph.build(history, appends, orders, realTime)));
        anomalies.sort(Comparator.comparingInt(a -> KIND_ORDER.indexOf(a.kind())));
        return new ListAppendReport(anomalies, history.size());
    }

    /** The dependency graph {@link #check} analyses, for tests that look at its shape. */
    static DependencyGraph graph(List<TxnRecord> history, boolean realTime) {
        AppendIndex appends = AppendIndex.of(history);
        return DependencyGraph.build(history, appends, VersionOrders.recover(history, new ArrayList<>()), realTime);
    }
}
