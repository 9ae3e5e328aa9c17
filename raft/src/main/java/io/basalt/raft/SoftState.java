package io.basalt.raft;

import io.basalt.common.NodeId;

/** Volatile role information, reported in a {@link Ready} whenever it changes. */
public record SoftState(RaftRole role, long term, NodeId leader) {}
