package io.basalt.raft.transfer;

import io.basalt.raft.SnapshotMeta;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a transfer carries: the snapshot's metadata and its files. {@code external}: the files
 * are a checkpoint of the leader's state engine at {@code meta.index()}, which the receiver
 * installs as its engine; otherwise there is one file, the state's image (the snapshot's data).
 */
public record TransferManifest(SnapshotMeta meta, boolean external, List<SnapshotFile> files) {
    /** More files than any checkpoint has; a larger manifest is refused. */
    public static final int FILES_MAX = 100_000;

    public TransferManifest {
        Objects.requireNonNull(meta, "meta");
        files = List.copyOf(files);
        if (files.size() > FILES_MAX) {
            throw new IllegalArgumentException("a snapshot of " + files.size() + " files (at most " + FILES_MAX + ")");
        }
        if (!external && files.size() != 1) {
            throw new IllegalArgumentException("an image snapshot is one file, not " + files.size());
        }
        Set<String> names = new HashSet<>();
        for (SnapshotFile f : files) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("snapshot file " + f.name() + " is listed twice");
            }
        }
    }

    public long totalBytes() {
        return files.stream().mapToLong(SnapshotFile::size).sum();
    }
}
