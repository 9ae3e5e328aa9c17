package io.basalt.sim.node;

/** Counters shared by the hosts of one run. */
public final class HostStats {
    long crashes;
    long restarts;
    long refusedStarts;
    long stateMachineResets;

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
}
