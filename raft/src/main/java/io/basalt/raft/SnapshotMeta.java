package io.basalt.raft;

/** Where a snapshot stands: it replaces every entry up to and including {@code index}. */
public record SnapshotMeta(long index, long term, Membership membership) {}
