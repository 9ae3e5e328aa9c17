package io.basalt.server.client;

import io.basalt.common.NodeId;

/**
 * The outcome of a manual promotion. {@code highestKnownCommit} is the highest commit index any
 * reachable replica reported before the promotion; {@code promotedLastIndex} the last index of
 * the promoted log. Entries in between were acknowledged but are missing from the new leader:
 * {@code lostAcknowledgedEntries} counts them.
 */
public record PromoteReport(NodeId promoted, long newTerm, long promotedLastIndex, long highestKnownCommit,
                            long lostAcknowledgedEntries, String detail) {}
