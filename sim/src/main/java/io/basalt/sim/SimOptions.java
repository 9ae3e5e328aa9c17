package io.basalt.sim;

import io.basalt.raft.ProtocolBreak;
import io.basalt.raft.ReplicationMode;
import io.basalt.sim.workload.Workload;
import java.util.Objects;

/**
 * What to simulate: seeds {@code firstSeed .. firstSeed + seeds - 1}, the replication mode, an
 * optional deliberate protocol break, pre-vote on or off, the cluster size, and whether to
 * soak (a longer safety phase per seed).
 *
 * @param protocolBreak null for the correct protocol
 */
public record SimOptions(int seeds, long firstSeed, ReplicationMode mode, ProtocolBreak protocolBreak,
                         boolean preVote, int nodes, boolean soak, Workload workload, TxnMutation txnMutation) {
    public static final int NODES_MAX = 9;

    public SimOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(workload, "workload");
        if (txnMutation != null && !workload.transactional()) {
            throw new IllegalArgumentException("--break " + txnMutation.cliName() + " needs a transactional workload"
                + " (--workload bank or list-append)");
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be at least 1: " + seeds);
        }
        if (nodes < 1 || nodes > NODES_MAX) {
            throw new IllegalArgumentException("nodes must be in [1, " + NODES_MAX + "]: " + nodes);
        }
    }

    /** 100 seeds from 1, sync, no break, pre-vote on, 3 nodes, no soak. */
    public static SimOptions defaults() {
        return new SimOptions(100, 1, ReplicationMode.SYNC, null, true, 3, false, Workload.REGISTER, null);
    }

    /** One seed, as a replay command runs it. */
    public static SimOptions single(long seed, ReplicationMode mode) {
        return new SimOptions(1, seed, mode, null, true, 3, false, Workload.REGISTER, null);
    }

    public SimOptions withSeeds(int count, long first) {
        return new SimOptions(count, first, mode, protocolBreak, preVote, nodes, soak, workload, txnMutation);
    }

    public SimOptions withMode(ReplicationMode m) {
        return new SimOptions(seeds, firstSeed, m, protocolBreak, preVote, nodes, soak, workload, txnMutation);
    }

    public SimOptions withBreak(ProtocolBreak b) {
        return new SimOptions(seeds, firstSeed, mode, b, preVote, nodes, soak, workload, txnMutation);
    }

    public SimOptions withPreVote(boolean on) {
        return new SimOptions(seeds, firstSeed, mode, protocolBreak, on, nodes, soak, workload, txnMutation);
    }

    public SimOptions withNodes(int n) {
        return new SimOptions(seeds, firstSeed, mode, protocolBreak, preVote, n, soak, workload, txnMutation);
    }

    public SimOptions withSoak(boolean on) {
        return new SimOptions(seeds, firstSeed, mode, protocolBreak, preVote, nodes, on, workload, txnMutation);
    }

    public SimOptions withWorkload(Workload w, TxnMutation m) {
        return new SimOptions(seeds, firstSeed, mode, protocolBreak, preVote, nodes, soak, w, m);
    }

    /** The command that replays {@code seed} with these options. */
    public String replayCommand(long seed) {
        StringBuilder sb = new StringBuilder("./basalt sim --seed ").append(seed).append(" --mode ").append(mode.cliName());
        if (workload != Workload.REGISTER) {
            sb.append(" --workload ").append(workload.cliName());
        }
        if (protocolBreak != null) {
            sb.append(" --break ").append(protocolBreak.cliName());
        }
        if (txnMutation != null) {
            sb.append(" --break ").append(txnMutation.cliName());
        }
        if (!preVote) {
            sb.append(" --no-pre-vote");
        }
        if (nodes != 3) {
            sb.append(" --nodes ").append(nodes);
        }
        if (soak) {
            sb.append(" --soak");
        }
        return sb.toString();
    }
}
