package io.basalt.sim.node;

/**
 * How a host drives its node: a snapshot every {@code snapshotEveryEntries} applied entries,
 * and whether it breaks persist-before-send on purpose (ProtocolBreak.ACK_BEFORE_FSYNC).
 */
public record HostParams(int snapshotEveryEntries, boolean ackBeforeFsync) {}
