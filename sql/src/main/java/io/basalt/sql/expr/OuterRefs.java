package io.basalt.sql.expr;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * The references one query level makes to rows of the queries around it, collected while its
 * expressions are bound. The planner of a subquery reads them to decide whether the subquery is
 * correlated (then it runs again per outer row) and which outer columns it needs.
 */
public final class OuterRefs {
    private final Map<Integer, BitSet> byDepth = new TreeMap<>();

    void record(int depth, int index) {
        byDepth.computeIfAbsent(depth, d -> new BitSet()).set(index);
    }

    /** Row indexes read from the query {@code depth} levels out. */
    public BitSet atDepth(int depth) {
        BitSet b = byDepth.get(depth);
        return b == null ? new BitSet() : (BitSet) b.clone();
    }

    /** Whether any reference reaches further out than {@code depth} levels. */
    public boolean beyond(int depth) {
        return byDepth.keySet().stream().anyMatch(d -> d > depth);
    }

    public boolean isEmpty() {
        return byDepth.isEmpty();
    }

    /**
     * Hands the references that reach past the directly enclosing query to that query's
     * collector, one level closer, since for it they are outer references too.
     */
    public void propagateTo(OuterRefs enclosing) {
        for (Map.Entry<Integer, BitSet> e : byDepth.entrySet()) {
            if (e.getKey() >= 2) {
                e.getValue().stream().forEach(i -> enclosing.record(e.getKey() - 1, i));
            }
        }
    }
}
