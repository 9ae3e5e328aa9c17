package io.basalt.raft;

import java.util.Objects;

/**
 * A state-machine snapshot at {@link SnapshotMeta#index()}. Either an <i>image</i>, the state
 * as opaque bytes of the application in {@code data}, or <i>external</i>: {@code data} is
 * empty and the state is held by the driver's durable storage (a state engine flushed at or
 * past the index), which also carries it to other replicas. The core treats both alike; only
 * the driver looks inside.
 *
 * @param external true if the state is not in {@code data} but in the driver's storage
 */
public record Snapshot(SnapshotMeta meta, byte[] data, boolean external) {
    private static final byte[] NONE = new byte[0];

    public Snapshot {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(data, "data");
        if (external && data.length > 0) {
            throw new IllegalArgumentException("an external snapshot carries no image, got " + data.length + " bytes");
        }
    }

    /** An image snapshot: the state is {@code data}. */
    public Snapshot(SnapshotMeta meta, byte[] data) {
        this(meta, data, false);
    }

    /** A snapshot whose state the driver's durable storage holds at {@code meta.index()}. */
    public static Snapshot external(SnapshotMeta meta) {
        return new Snapshot(meta, NONE, true);
    }

    @Override
    public String toString() {
        return "Snapshot{" + meta.index() + "@" + meta.term() + (external ? " external}" : " " + data.length + "B}");
    }
}
