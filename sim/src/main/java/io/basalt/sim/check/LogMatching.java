package io.basalt.sim.check;

import io.basalt.raft.Entry;
import io.basalt.sim.disk.LogImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log matching (Raft §5.3): one (index, term) names one entry everywhere, checked on every
 * write; and two logs that share an (index, term) are identical up to it, checked across
 * pairs of logs at checkpoints.
 */
public final class LogMatching {
    private record Position(long index, long term) {}

    private final Violations violations;
    private final Map<Position, Entry> written = new HashMap<>();

    public LogMatching(Violations violations) {
        this.violations = violations;
    }

    public void onPersist(int node, List<Entry> entries, long nowUs) {
        for (Entry e : entries) {
            Entry known = written.putIfAbsent(new Position(e.index(), e.term()), e);
            if (known != null && !known.equals(e)) {
                violations.violation("log-matching", "n" + (node + 1) + " wrote " + e + " but " + known
                    + " has the same index and term", nowUs);
            }
        }
    }

    /** Compares two nodes' logs below their highest common (index, term). */
    public void checkPair(int nodeA, LogImage a, int nodeB, LogImage b, long nowUs) {
        long from = Math.max(a.firstIndex(), b.firstIndex());
        long to = Math.min(a.lastIndex(), b.lastIndex());
        long common = 0;
        for (long i = to; i >= from; i--) {
            if (a.termAt(i) == b.termAt(i)) {
                common = i;
                break;
            }
        }
        for (long i = from; i <= common; i++) {
            Entry ea = a.entry(i);
            Entry eb = b.entry(i);
            if (ea != null && !ea.equals(eb)) {
                violations.violation("log-matching", "n" + (nodeA + 1) + " and n" + (nodeB + 1) + " agree at index "
                    + common + " but differ at " + i + ": " + ea + " vs " + eb, nowUs);
                return;
            }
        }
    }
}
