package io.basalt.sim.disk;

import io.basalt.common.Invariants;
import io.basalt.raft.Entry;
import io.basalt.raft.HardState;
import io.basalt.raft.RaftState;
import io.basalt.raft.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The log as a sequence of {@link DiskRecord}s leaves it: hard state, latest snapshot and the
 * entries after it, without gaps. Used for the durable state of a disk and for a node's view
 * of its own log (what it has written, durable or not).
 */
public final class LogImage {
    private HardState hardState = HardState.INITIAL;
    private Snapshot snapshot;
    private final ArrayList<Entry> entries = new ArrayList<>();

    public LogImage copy() {
        LogImage c = new LogImage();
        c.hardState = hardState;
        c.snapshot = snapshot;
        c.entries.addAll(entries);
        return c;
    }

    public void apply(DiskRecord record) {
        switch (record) {
            case DiskRecord.HardStateWrite h -> hardState = h.hardState();
            case DiskRecord.SnapshotWrite s -> installSnapshot(s.snapshot());
            case DiskRecord.EntriesWrite w -> appendEntries(w.entries());
        }
    }

    private void installSnapshot(Snapshot s) {
        long index = s.meta().index();
        if (snapshot != null && snapshot.meta().index() >= index) {
            return;
        }
        // Entries after the snapshot survive only if the log agrees with it at its index.
        boolean matches = termAt(index) == s.meta().term();
        long first = firstIndex();
        if (matches) {
            entries.subList(0, (int) Math.min(entries.size(), index - first + 1)).clear();
        } else {
            entries.clear();
        }
        snapshot = s;
    }

    private void appendEntries(List<Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long from = batch.getFirst().index();
        long first = firstIndex();
        Invariants.check(from <= lastIndex() + 1, "log gap: writing %d after last %d", from, lastIndex());
        int skip = 0;
        if (from < first) {
            // Entries below the snapshot are already covered by it; a write cannot change them.
            skip = (int) (first - from);
            from = first;
        }
        entries.subList((int) (from - first), entries.size()).clear();
        entries.addAll(batch.subList(Math.min(skip, batch.size()), batch.size()));
    }

    public HardState hardState() {
        return hardState;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public long snapshotIndex() {
        return snapshot == null ? 0 : snapshot.meta().index();
    }

    public long firstIndex() {
        return snapshotIndex() + 1;
    }

    public long lastIndex() {
        return snapshotIndex() + entries.size();
    }

    public long lastTerm() {
        return entries.isEmpty() ? (snapshot == null ? 0 : snapshot.meta().term()) : entries.getLast().term();
    }

    /** The term at {@code index}: the snapshot's at its index, 0 if unknown or compacted. */
    public long termAt(long index) {
        if (snapshot != null && index == snapshot.meta().index()) {
            return snapshot.meta().term();
        }
        Entry e = entry(index);
        return e == null ? 0 : e.term();
    }

    /** The entry at {@code index}, or null if compacted or beyond the end. */
    public Entry entry(long index) {
        long first = firstIndex();
        if (index < first || index > lastIndex()) {
            return null;
        }
        return entries.get((int) (index - first));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public RaftState toRaftState() {
        return new RaftState(hardState, snapshot == null ? null : snapshot.meta(), entries);
    }
}
