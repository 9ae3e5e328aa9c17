package io.basalt.server.replica;

import io.basalt.raft.Entry;
import io.basalt.raft.HardState;
import io.basalt.raft.RaftState;
import io.basalt.raft.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the write-ahead log holds for one group, rebuilt by replaying its records in order: the
 * last hard state wins; an entry at index i replaces every entry at or above i recorded before
 * it; a snapshot drops the entries it covers (all of them if the log disagrees with it at its
 * index, as when a leader's snapshot replaced a diverged log).
 */
public final class RecoveredGroup {
    private final long groupId;
    private HardState hardState = HardState.INITIAL;
    private Snapshot snapshot;
    private boolean snapshotReceived;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final LogRetention retention = new LogRetention();

    RecoveredGroup(long groupId) {
        this.groupId = groupId;
    }

    /** A group with nothing on disk yet. */
    public static RecoveredGroup empty(long groupId) {
        return new RecoveredGroup(groupId);
    }

    void entry(Entry e, long sequence) {
        entries.tailMap(e.index(), true).clear();
        entries.put(e.index(), e);
        retention.entriesDurable(List.of(e), sequence);
    }

    void hardState(HardState h, long sequence) {
        hardState = h;
        retention.hardStateDurable(sequence);
    }

    void snapshot(Snapshot s, long sequence) {
        snapshot(s, false, sequence);
    }

    /** A snapshot record; {@code received}: installed from the leader, not taken here. */
    void snapshot(Snapshot s, boolean received, long sequence) {
        Entry at = entries.get(s.meta().index());
        if (at != null && at.term() == s.meta().term()) {
            entries.headMap(s.meta().index(), true).clear();
        } else {
            entries.clear();
        }
        snapshot = s;
        snapshotReceived = received;
        retention.snapshotDurable(s.meta().index(), sequence);
    }

    /**
     * The state to restart the Raft node from.
     *
     * @throws IllegalStateException if the log lacks entries between the snapshot and the
     *         entries after it (a segment went missing)
     */
    public RaftState raftState() {
        long expected = snapshot == null ? 1 : snapshot.meta().index() + 1;
        List<Entry> kept = new ArrayList<>();
        for (Map.Entry<Long, Entry> e : entries.tailMap(expected, true).entrySet()) {
            if (e.getKey() != expected) {
                throw new IllegalStateException("the write-ahead log of group " + groupId + " lacks entries "
                    + expected + " to " + (e.getKey() - 1) + ": a segment is missing or was damaged");
            }
            kept.add(e.getValue());
            expected++;
        }
        return new RaftState(hardState, snapshot == null ? null : snapshot.meta(), kept);
    }

    /** The latest snapshot, or null. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** Whether the latest snapshot was installed from a leader's transfer rather than taken here. */
    public boolean snapshotReceived() {
        return snapshotReceived;
    }

    LogRetention retention() {
        return retention;
    }
}
