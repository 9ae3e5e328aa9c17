package io.basalt.cli;

import io.basalt.raft.ProtocolBreak;
import io.basalt.raft.ReplicationMode;
import io.basalt.sim.SimOptions;
import io.basalt.sim.SimRunner;
import io.basalt.sim.SimSummary;
import io.basalt.sim.TxnMutation;
import io.basalt.sim.workload.Workload;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code basalt sim}: runs the deterministic simulator and prints one summary line, with
 * {@code violations=N} last; each failing seed is printed first with its replay command.
 */
@Command(name = "sim", description = "Run the deterministic cluster simulator with faults and checkers.")
public final class SimCommand implements Callable<Integer> {
    @Option(names = "--seeds", defaultValue = "100", description = "How many seeds to run (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed", description = "Run (replay) this one seed.")
    Long seed;

    @Option(names = "--first-seed", defaultValue = "1", description = "First seed of the batch (default: ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--mode", defaultValue = "sync", description = "sync, sync-all or async (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--break", description = "A deliberate protocol bug the checkers must catch: ${COMPLETION-CANDIDATES}.",
        completionCandidates = BreakNames.class)
    String breakName;

    @Option(names = "--no-pre-vote", description = "Switch pre-vote off (its absence shows in leader changes).")
    boolean noPreVote;

    @Option(names = "--nodes", defaultValue = "3", description = "Cluster size (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--soak", description = "Longer runs per seed.")
    boolean soak;

    @Option(names = "--workload", defaultValue = "register",
        description = "register (single operations, linearizability), bank or list-append (transactions,"
            + " serializability) (default: ${DEFAULT-VALUE}).")
    String workload;

    @Override
    public Integer call() {
        TxnMutation mutation = breakName == null ? null : TxnMutation.find(breakName);
        ProtocolBreak pb = breakName == null || mutation != null ? null : ProtocolBreak.parse(breakName);
        SimOptions options = new SimOptions(seed != null ? 1 : seeds, seed != null ? seed : firstSeed,
            ReplicationMode.parse(mode), pb, !noPreVote, nodes, soak, Workload.parse(workload), mutation);
        SimSummary summary = SimRunner.run(options, System.out);
        return summary.violations() == 0 ? 0 : 1;
    }

    /** The names {@code --break} accepts. */
    static final class BreakNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.stream.Stream.concat(java.util.Arrays.stream(ProtocolBreak.values()).map(ProtocolBreak::cliName),
                java.util.Arrays.stream(TxnMutation.values()).map(TxnMutation::cliName)).iterator();
        }
    }
}
