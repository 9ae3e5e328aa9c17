package io.basalt.sim.check.txn;

import java.util.List;
import java.util.Objects;

/**
 * A checker's finding. {@code kind} is one of "G0", "G1a", "G1b", "G1c", "G-single", "G2", a
 * cycle kind with the suffix "-realtime", "internal", "duplicate-append", "incompatible-order",
 * or for the bank checker "wrong-total", "negative-balance", "missing-account".
 * {@code cycle} holds the transaction ids around a dependency cycle in edge order (the edge from
 * the last id leads back to the first); it is empty for anomalies that are not cycles.
 */
public record Anomaly(String kind, String explanation, List<Integer> cycle) {
    public Anomaly {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(explanation, "explanation");
        cycle = List.copyOf(cycle);
    }

    static Anomaly of(String kind, String explanation) {
        return new Anomaly(kind, explanation, List.of());
    }
}
