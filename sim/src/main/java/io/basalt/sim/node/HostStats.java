package io.basalt.sim.node;

/** Counters shared by the hosts of one run. */
public final class HostStats {
    long crashes;
    long restarts;
    long refusedStarts;
    long stateMachineResets;
    long snapshotTransfersStarted;
    long snapshotTransfersCompleted;
    long snapshotChunksDamaged;
    long snapshotBytesResent;

    public long crashes() {
        return crashes;
    }

    public long restarts() {
        return restarts;
    }

    /** Restarts refused because the disk had a corrupt record before its tail. */
    public long refusedStarts() {
        return refusedStarts;
    }

    public long stateMachineResets() {
        return stateMachineResets;
    }

    /** Snapshot transfers a leader began (a follower behind its log's start). */
    public long snapshotTransfersStarted() {
        return snapshotTransfersStarted;
    }

    /** Snapshot transfers whose every byte reached the follower and passed its checks. */
    public long snapshotTransfersCompleted() {
        return snapshotTransfersCompleted;
    }

    /** Chunks that failed their CRC32C at the follower and were asked for again. */
    public long snapshotChunksDamaged() {
        return snapshotChunksDamaged;
    }

    /** Snapshot bytes sent more than once (losses, damage, timeouts). */
    public long snapshotBytesResent() {
        return snapshotBytesResent;
    }
}
