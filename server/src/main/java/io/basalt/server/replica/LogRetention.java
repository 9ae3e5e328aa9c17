package io.basalt.server.replica;

import io.basalt.raft.Entry;
import java.util.List;
import java.util.TreeMap;

/**
 * Which write-ahead log records one group still needs: its latest snapshot, its latest hard
 * state and every entry after the snapshot. Everything before the oldest of them may be
 * released. Touched only by the group's event loop (or by recovery before it starts).
 */
final class LogRetention {
    /** Entry index to the sequence of the record that holds it; only entries still in the log. */
    private final TreeMap<Long, Long> entrySequences = new TreeMap<>();
    private long snapshotSequence;
    private long hardStateSequence;

    /** {@code entries} are durable, the first at {@code firstSequence}, the rest right after. */
    void entriesDurable(List<Entry> entries, long firstSequence) {
        if (entries.isEmpty()) {
            return;
        }
        entrySequences.tailMap(entries.getFirst().index(), true).clear();
        for (int i = 0; i < entries.size(); i++) {
            entrySequences.put(entries.get(i).index(), firstSequence + i);
        }
    }

    void hardStateDurable(long sequence) {
        hardStateSequence = sequence;
    }

    void snapshotDurable(long index, long sequence) {
        entrySequences.headMap(index, true).clear();
        snapshotSequence = sequence;
    }

    /**
     * The oldest sequence this group needs, or 0 if it cannot release anything yet (no
     * snapshot: every entry since the first is still needed).
     */
    long firstNeeded() {
        if (snapshotSequence == 0) {
            return 0;
        }
        long first = Math.min(snapshotSequence, hardStateSequence == 0 ? Long.MAX_VALUE : hardStateSequence);
        return entrySequences.isEmpty() ? first : Math.min(first, entrySequences.firstEntry().getValue());
    }
}
