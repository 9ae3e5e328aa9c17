package io.basalt.raft;

import java.util.Objects;

/** A state-machine image at {@link SnapshotMeta#index()}, as opaque bytes of the application. */
public record Snapshot(SnapshotMeta meta, byte[] data) {
    public Snapshot {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
        return "Snapshot{" + meta.index() + "@" + meta.term() + " " + data.length + "B}";
    }
}
