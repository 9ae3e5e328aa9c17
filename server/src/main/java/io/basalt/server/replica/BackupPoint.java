package io.basalt.server.replica;

import io.basalt.raft.Membership;

/**
 * Where a backup's checkpoint was taken: the applied index I (committed), the term of the entry
 * at I, the group's membership then, and the kind of engine the checkpoint's files are.
 */
public record BackupPoint(long appliedIndex, long term, Membership membership, String engine) {
    public static final String ROCKSDB = "rocksdb";
    public static final String MEMORY = "memory";
}
