package io.basalt.sim.node;

import io.basalt.txn.engine.TxnBreak;
import io.basalt.txn.engine.TxnConfig;
import java.util.Set;

/**
 * How a host drives its node: a snapshot every {@code snapshotEveryEntries} applied entries,
 * whether it breaks persist-before-send on purpose (ProtocolBreak.ACK_BEFORE_FSYNC), the
 * transaction limits of its engine, deliberate transaction breaks, and whether followers serve
 * read-only transactions without a snapshot (the {@code follower-read} break), and how likely a
 * snapshot chunk is damaged on its way (a fault the chunk's CRC32C must catch).
 */
public record HostParams(int snapshotEveryEntries, boolean ackBeforeFsync, TxnConfig txn, Set<TxnBreak> txnBreaks,
                         boolean followerReads, double chunkDamageProbability) {
    /**
     * Simulated transactions: short lock waits and heartbeats, so faults resolve within a run,
     * and commit entries of one write: every write of a commit but its last is proposed as a
     * stage entry of its own, so that staging meets crashes, partitions, leader changes and
     * snapshots in every transactional workload.
     */
    public static final TxnConfig SIM_TXN = TxnConfig.DEFAULTS.withLockTimeoutMs(300).withHeartbeatTimeoutMs(1_000)
        .withCommitEntryBytes(1);

    public HostParams(int snapshotEveryEntries, boolean ackBeforeFsync) {
        this(snapshotEveryEntries, ackBeforeFsync, SIM_TXN, Set.of(), false, 0);
    }

    public HostParams withTxnBreaks(Set<TxnBreak> breaks, boolean followerReadsOn) {
        return new HostParams(snapshotEveryEntries, ackBeforeFsync, txn, breaks, followerReadsOn, chunkDamageProbability);
    }

    public HostParams withChunkDamage(double probability) {
        return new HostParams(snapshotEveryEntries, ackBeforeFsync, txn, txnBreaks, followerReads, probability);
    }

    public HostParams withSnapshotEvery(int entries) {
        return new HostParams(entries, ackBeforeFsync, txn, txnBreaks, followerReads, chunkDamageProbability);
    }
}
