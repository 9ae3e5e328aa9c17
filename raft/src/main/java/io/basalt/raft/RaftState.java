package io.basalt.raft;

import java.util.List;

/**
 * What a node recovered from its disk at start: the last hard state, the last snapshot's
 * metadata (or {@code null}) and the entries after it, in index order without gaps. The
 * snapshot's data is not part of it: a driver that restored one passes it to
 * {@link RaftNode#compact(Snapshot)} right after construction, so a leader can send it on.
 */
public record RaftState(HardState hardState, SnapshotMeta snapshot, List<Entry> entries) {
    public RaftState {
        entries = List.copyOf(entries);
    }

    public static RaftState empty() {
        return new RaftState(HardState.INITIAL, null, List.of());
    }
}
