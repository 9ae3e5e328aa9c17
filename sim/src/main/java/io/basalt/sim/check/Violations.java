package io.basalt.sim.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects findings of one run. A <em>violation</em> fails the run; a <em>note</em> is reported
 * but expected (in async mode, divergence and non-linearizable reads follow from lost writes).
 * Only the first few findings of each name are kept, since one bug tends to repeat.
 */
public final class Violations {
    private static final int KEPT_PER_NAME_MAX = 3;

    private final List<Violation> violations = new ArrayList<>();
    private final List<Violation> notes = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private int violationCount;

    public void violation(String name, String details, long timeUs) {
        violationCount++;
        keep(violations, name, details, timeUs);
    }

    public void note(String name, String details, long timeUs) {
        keep(notes, name, details, timeUs);
    }

    private void keep(List<Violation> into, String name, String details, long timeUs) {
        int seen = counts.merge(name, 1, Integer::sum);
        if (seen <= KEPT_PER_NAME_MAX) {
            into.add(new Violation(name, details, timeUs));
        }
    }

    public int violationCount() {
        return violationCount;
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public List<Violation> notes() {
        return List.copyOf(notes);
    }
}
