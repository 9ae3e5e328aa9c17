package io.basalt.raft;

import io.basalt.common.Invariants;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory view of one replica's log: the snapshot it starts after, the entries after
 * that, and four positions that only move in the documented directions.
 *
 * <p>Invariants: {@code snapshotIndex <= appliedIndex <= commitIndex <= lastIndex}, the entry
 * at list position {@code i} has index {@code snapshotIndex + 1 + i}, and entries from
 * {@code unstableFrom} on have not yet been handed to the driver in a {@link Ready}.
 * {@code persistedIndex} is the last index the driver reported durable; it may lag.
 */
final class RaftLog {
    /** Entry bytes one Ready hands out to apply, at most (unless one entry alone is larger). */
    static final long APPLY_BYTES_MAX = 256L << 10;

    private long snapshotIndex;
    private long snapshotTerm;
    private Membership snapshotMembership;
    private final ArrayList<Entry> entries = new ArrayList<>();
    /** The CONFIG entries still in {@link #entries}, by index, so the newest is found at once. */
    private final java.util.TreeMap<Long, Entry> configs = new java.util.TreeMap<>();
    private long unstableFrom;
    private long persistedIndex;
    private long commitIndex;
    private long appliedIndex;

    RaftLog(SnapshotMeta snapshot, List<Entry> restored, long commit) {
        if (snapshot != null) {
            snapshotIndex = snapshot.index();
            snapshotTerm = snapshot.term();
            snapshotMembership = snapshot.membership();
        }
        long expected = snapshotIndex + 1;
        for (Entry e : restored) {
            if (e.index() <= snapshotIndex) {
                continue;
            }
            Invariants.check(e.index() == expected, "restored log has a gap: expected %d, got %s", expected, e);
            add(e);
            expected++;
        }
        unstableFrom = lastIndex() + 1;
        persistedIndex = lastIndex();
        commitIndex = Math.min(Math.max(commit, snapshotIndex), lastIndex());
        appliedIndex = snapshotIndex;
    }

    long firstIndex() {
        return snapshotIndex + 1;
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? snapshotTerm : entries.getLast().term();
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long snapshotTerm() {
        return snapshotTerm;
    }

    Membership snapshotMembership() {
        return snapshotMembership;
    }

    long commitIndex() {
        return commitIndex;
    }

    long appliedIndex() {
        return appliedIndex;
    }

    long persistedIndex() {
        return persistedIndex;
    }

    /** The term of the entry at {@code index}; 0 for index 0; -1 if compacted away or beyond the end. */
    long term(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex()) {
            return index == 0 ? 0 : -1;
        }
        return entries.get((int) (index - snapshotIndex - 1)).term();
    }

    boolean matchTerm(long index, long term) {
        return term(index) == term;
    }

    Entry entry(long index) {
        Invariants.check(index > snapshotIndex && index <= lastIndex(), "no entry %d in [%d, %d]",
            index, firstIndex(), lastIndex());
        return entries.get((int) (index - snapshotIndex - 1));
    }

    /** Entries from {@code lo} on, at least one if any exists, within the count and byte limits. */
    List<Entry> slice(long lo, int countMax, long bytesMax) {
        Invariants.check(lo > snapshotIndex, "slice from compacted index %d (snapshot %d)", lo, snapshotIndex);
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = lo; i <= lastIndex() && out.size() < countMax; i++) {
            Entry e = entry(i);
            if (!out.isEmpty() && bytes + e.sizeBytes() > bytesMax) {
                break;
            }
            bytes += e.sizeBytes();
            out.add(e);
        }
        return out;
    }

    /** Sum of the sizes of the entries in {@code (after, lastIndex]} still held in memory. */
    long bytesAfter(long after) {
        long bytes = 0;
        for (long i = Math.max(after + 1, firstIndex()); i <= lastIndex(); i++) {
            bytes += entry(i).sizeBytes();
        }
        return bytes;
    }

    /** Raft §5.4.1: is a log ending at (lastIdx, lastTrm) at least as up to date as this one? */
    boolean isUpToDate(long lastIdx, long lastTrm) {
        return lastTrm > lastTerm() || (lastTrm == lastTerm() && lastIdx >= lastIndex());
    }

    /** The largest index at or below {@code index} whose term is at most {@code term}. */
    long lastIndexWithTermAtMost(long index, long term) {
        long i = Math.min(index, lastIndex());
        while (i > snapshotIndex && term(i) > term) {
            i--;
        }
        return i;
    }

    void append(Entry e) {
        Invariants.check(e.index() == lastIndex() + 1, "append %s after %d", e, lastIndex());
        Invariants.check(e.term() >= lastTerm(), "append %s with term below %d", e, lastTerm());
        add(e);
    }

    private void add(Entry e) {
        entries.add(e);
        if (e.type() == EntryType.CONFIG) {
            configs.put(e.index(), e);
        }
    }

    /**
     * Drops every entry from {@code index} on. The caller has checked that none of them is
     * covered by the snapshot; commit and applied are lowered by the caller first.
     */
    void truncateFrom(long index) {
        Invariants.check(index > snapshotIndex && index <= lastIndex(), "truncate at %d outside [%d, %d]",
            index, firstIndex(), lastIndex());
        Invariants.check(index > commitIndex, "truncate at %d at or below commit %d", index, commitIndex);
        entries.subList((int) (index - snapshotIndex - 1), entries.size()).clear();
        configs.tailMap(index, true).clear();
        unstableFrom = Math.min(unstableFrom, index);
        persistedIndex = Math.min(persistedIndex, index - 1);
    }

    /** Lowers the commit index when a new leader's log replaced committed entries. */
    void lowerCommit(long index) {
        Invariants.check(index >= snapshotIndex, "commit %d below snapshot %d", index, snapshotIndex);
        commitIndex = Math.min(commitIndex, index);
        appliedIndex = Math.min(appliedIndex, commitIndex);
    }

    /** Re-delivers from the snapshot: the driver restores its state machine from it. */
    void resetApplied() {
        appliedIndex = snapshotIndex;
    }

    void commitTo(long index) {
        Invariants.check(index <= lastIndex(), "commit %d beyond last index %d", index, lastIndex());
        if (index > commitIndex) {
            commitIndex = index;
        }
    }

    void persisted(long index, long term) {
        if (index > persistedIndex && index <= lastIndex() && term(index) == term && index < unstableFrom) {
            persistedIndex = index;
        }
    }

    /** Entries not yet handed out, and marks them handed out. */
    List<Entry> takeUnstable() {
        if (unstableFrom > lastIndex()) {
            return List.of();
        }
        List<Entry> out = List.copyOf(entries.subList((int) (unstableFrom - snapshotIndex - 1), entries.size()));
        unstableFrom = lastIndex() + 1;
        return out;
    }

    boolean hasUnstable() {
        return unstableFrom <= lastIndex();
    }

    /** The highest index whose entry may be applied: committed and durable here. */
    long applicableIndex() {
        return Math.min(commitIndex, persistedIndex);
    }

    boolean hasApplicable() {
        return applicableIndex() > appliedIndex;
    }

    /**
     * Committed, durable entries not yet handed out, at most about {@link #APPLY_BYTES_MAX} of
     * them (at least one); marks them applied. The rest come with the next Ready, so a driver
     * that applies a bulk load between other work never applies all of it in one step.
     */
    List<Entry> takeApplicable() {
        long hi = applicableIndex();
        if (hi <= appliedIndex) {
            return List.of();
        }
        int from = (int) (appliedIndex - snapshotIndex);
        int to = from;
        long bytes = 0;
        while (to < hi - snapshotIndex && (to == from || bytes < APPLY_BYTES_MAX)) {
            byte[] data = entries.get(to).data();
            bytes += data == null ? 0 : data.length;
            to++;
        }
        List<Entry> out = List.copyOf(entries.subList(from, to));
        appliedIndex = snapshotIndex + to;
        return out;
    }

    /** Drops entries up to {@code meta.index()}, which this node has applied. */
    void compact(SnapshotMeta meta) {
        Invariants.check(meta.index() <= appliedIndex, "compact at %d beyond applied %d", meta.index(), appliedIndex);
        Invariants.check(term(meta.index()) == meta.term(), "compact at %d: term %d, log has %d",
            meta.index(), meta.term(), term(meta.index()));
        entries.subList(0, (int) (meta.index() - snapshotIndex)).clear();
        configs.headMap(meta.index(), true).clear();
        snapshotIndex = meta.index();
        snapshotTerm = meta.term();
        snapshotMembership = meta.membership();
        unstableFrom = Math.max(unstableFrom, snapshotIndex + 1);
    }

    /** Replaces the whole log by a snapshot received from the leader. */
    void restore(SnapshotMeta meta) {
        entries.clear();
        configs.clear();
        snapshotIndex = meta.index();
        snapshotTerm = meta.term();
        snapshotMembership = meta.membership();
        unstableFrom = snapshotIndex + 1;
        persistedIndex = Math.min(persistedIndex, snapshotIndex - 1);
        commitIndex = snapshotIndex;
        appliedIndex = snapshotIndex;
    }

    /**
     * The membership in force at {@code index} (at or after the snapshot): that of the newest
     * CONFIG entry at or below it, else the snapshot's; null if neither says.
     */
    Membership membershipAt(long index) {
        var config = configs.floorEntry(index);
        return config != null ? config.getValue().membership() : snapshotMembership;
    }

    /** The most recent CONFIG entry in the log, or null. */
    Entry lastConfig() {
        return configs.isEmpty() ? null : configs.lastEntry().getValue();
    }
}
