package io.basalt.sim.disk;

import io.basalt.raft.Entry;
import io.basalt.raft.HardState;
import io.basalt.raft.Snapshot;
import java.util.List;

/** One write to a node's simulated log, kept as an object rather than bytes. */
public sealed interface DiskRecord {

    /** A snapshot; entries it covers are dropped, later ones kept if they follow it. */
    record SnapshotWrite(Snapshot snapshot) implements DiskRecord {}

    /** Entries that replace everything from the first one's index on. */
    record EntriesWrite(List<Entry> entries) implements DiskRecord {
        public EntriesWrite {
            entries = List.copyOf(entries);
        }
    }

    record HardStateWrite(HardState hardState) implements DiskRecord {}
}
