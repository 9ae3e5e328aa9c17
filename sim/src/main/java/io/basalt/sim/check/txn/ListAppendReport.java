package io.basalt.sim.check.txn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@link ListAppendChecker} found, most severe kinds first. */
public record ListAppendReport(List<Anomaly> anomalies, int txnsChecked) {
    public ListAppendReport {
        anomalies = List.copyOf(anomalies);
    }

    public boolean ok() {
        return anomalies.isEmpty();
    }

    /** The kinds found, in report order. */
    public Set<String> kinds() {
        return counts().keySet();
    }

    public List<Anomaly> ofKind(String kind) {
        return anomalies.stream().filter(a -> a.kind().equals(kind)).toList();
    }

    /** One line: "3000 transactions, no anomalies" or the count per kind and the first explanation. */
    public String summary() {
        if (ok()) {
            return txnsChecked + " transactions, no anomalies";
        }
        StringBuilder sb = new StringBuilder();
        counts().forEach((kind, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(kind).append(" x").append(n));
        return txnsChecked + " transactions, " + anomalies.size() + " anomalies (" + sb + "); first: "
            + anomalies.getFirst().kind() + ": " + anomalies.getFirst().explanation();
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        anomalies.forEach(a -> counts.merge(a.kind(), 1, Integer::sum));
        return counts;
    }
}
