package io.basalt.sim.disk;

/**
 * Disk behaviour of one run: fsync latency bounds, and the probability that a crash leaves a
 * synced record in the middle of the log unreadable (the node then refuses to start).
 */
public record DiskParams(long fsyncUsMin, long fsyncUsMax, double corruptionProbability) {
    public DiskParams {
        if (fsyncUsMin < 0 || fsyncUsMax < fsyncUsMin) {
            throw new IllegalArgumentException("bad fsync bounds");
        }
    }
}
