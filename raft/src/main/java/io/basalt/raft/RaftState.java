package io.basalt.raft;

import java.util.List;

/**
 * What a node recovered from its disk at start: the last hard state, the last snapshot's
 * metadata (or {@code null}) and the entries after it, in index order without gaps.
 */
public record RaftState(HardState hardState, SnapshotMeta snapshot, List<Entry> entries) {
    public RaftState {
        entries = List.copyOf(entries);
    }

    public static RaftState empty() {
        return new RaftState(HardState.INITIAL, null, List.of());
    }
}
