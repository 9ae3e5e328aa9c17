package io.basalt.sim.fault;

/**
 * The fault mix of one run's safety phase, drawn from its seed (swarm testing: each fault kind
 * is on or off per seed, so some seeds stress one kind hard). Times are simulated microseconds.
 *
 * @param leaderTargetProbability chance that a crash or partition aims at the current leader
 * @param electedStrikeProbability chance that a node is crashed or cut off within a few
 *        milliseconds of winning an election, before its first entry is replicated
 * @param commitStrikeProbability the same, just after a leader advanced its commit index.
 *        Together they make the histories that expose commit rules (Raft figure 8) frequent.
 * @param corruptDisksMax how many nodes may lose their disk to corruption in one run
 */
public record FaultParams(boolean crashes, boolean partitions, boolean clogs, long faultGapUsMean,
                          long downUsMax, long partitionUsMax, long clogUsMax, double leaderTargetProbability,
                          double electedStrikeProbability, double commitStrikeProbability, int corruptDisksMax) {

    public static FaultParams none() {
        return new FaultParams(false, false, false, 1, 1, 1, 1, 0, 0, 0, 0);
    }

    public boolean any() {
        return crashes || partitions || clogs;
    }
}
