package io.basalt.sim;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.Membership;
import io.basalt.raft.ProtocolBreak;
import io.basalt.raft.RaftConfig;
import io.basalt.raft.ReadMode;
import io.basalt.raft.ReplicationMode;
import io.basalt.sim.disk.DiskParams;
import io.basalt.sim.fault.FaultParams;
import io.basalt.sim.net.NetworkParams;
import io.basalt.sim.node.HostParams;
import io.basalt.sim.workload.WorkloadParams;
import java.util.Set;

/**
 * Everything one seed's run is made of, drawn from the seed by {@link #derive}. Times are in
 * simulated microseconds.
 */
public record SimParams(long seed, int nodes, ReplicationMode mode, ProtocolBreak protocolBreak, boolean preVote,
                        boolean checkQuorum, ReadMode readMode, int appendEntriesMax, int inflightAppendsMax,
                        long tickUs, double clockDriftMax, long safetyUs, long livenessBudgetUs, long livenessTailUs,
                        NetworkParams network, DiskParams disk, FaultParams faults, WorkloadParams workload,
                        HostParams host) {

    static final long TICK_US = 10_000;
    static final double CLOCK_DRIFT_MAX = 0.01;
    static final int ELECTION_TICKS_MIN = 10;
    static final int HEARTBEAT_TICKS = 2;
    static final int LEASE_TICKS = 7;
    static final long SAFETY_US = 2_000_000;
    static final long SAFETY_US_SOAK = 30_000_000;
    static final long LIVENESS_BUDGET_US = 5_000_000;
    static final long LIVENESS_TAIL_US = 300_000;
    static final long LATENCY_US_MAX = 30_000;
    static final double DROP_PROBABILITY_MAX = 0.05;
    static final double DUPLICATE_PROBABILITY_MAX = 0.03;
    static final double CORRUPTION_PROBABILITY = 0.05;
    /** Of a snapshot chunk damaged on its way, when a seed damages chunks at all. */
    static final double CHUNK_DAMAGE_PROBABILITY_MAX = 0.1;
    /** Longer than a few election rounds, so an operation outlives a failover before it is "unknown". */
    static final long OP_TIMEOUT_US = 400_000;
    static final long OP_THINK_US_MAX = 10_000;
    static final long RETRY_BACKOFF_US_MAX = 5_000;

    /**
     * Draws one run from its seed. Each fault kind is on or off per seed and its intensity is
     * drawn too (swarm testing), so some seeds hammer one kind while others mix them. The
     * draws happen in a fixed order: changing it changes every seed's run.
     */
    public static SimParams derive(SimOptions o, long seed) {
        Prng p = new Prng(seed * 0x9E3779B97F4A7C15L + 0x5EED);
        boolean syncAll = o.mode() == ReplicationMode.SYNC_ALL;
        NetworkParams net = new NetworkParams(100 + p.nextInt(900), 200 + p.nextInt(2800), LATENCY_US_MAX,
            p.chance(0.5) ? p.nextDouble() * DROP_PROBABILITY_MAX : 0,
            p.chance(0.5) ? p.nextDouble() * DUPLICATE_PROBABILITY_MAX : 0);
        long fsyncMin = 100 + p.nextInt(900);
        // sync-all stalls while any voter is down, so no disk may be lost for good there.
        DiskParams disk = new DiskParams(fsyncMin, fsyncMin + p.nextInt(5_000), syncAll ? 0 : CORRUPTION_PROBABILITY);
        FaultParams faults = new FaultParams(p.chance(0.8), p.chance(0.8), p.chance(0.5),
            100_000 + p.nextInt(400_000), 50_000 + p.nextInt(950_000), 100_000 + p.nextInt(1_400_000),
            20_000 + p.nextInt(480_000), 0.5, p.chance(0.5) ? 0.2 : 0, p.chance(0.5) ? 0.01 : 0,
            syncAll ? 0 : (o.nodes() - 1) / 2);
        WorkloadParams work = new WorkloadParams(3 + p.nextInt(3), 2 + p.nextInt(3), 0.4, 0.3, OP_TIMEOUT_US,
            OP_THINK_US_MAX, RETRY_BACKOFF_US_MAX, o.workload());
        TxnMutation mutation = o.txnMutation();
        int[] batchChoices = {1, 4, 64};
        SimParams base = new SimParams(seed, o.nodes(), o.mode(), o.protocolBreak(), o.preVote(), true,
            p.chance(0.5) ? ReadMode.LEASE : ReadMode.READ_INDEX, batchChoices[p.nextInt(3)], batchChoices[p.nextInt(3)],
            TICK_US, CLOCK_DRIFT_MAX, o.soak() ? SAFETY_US_SOAK : SAFETY_US, LIVENESS_BUDGET_US, LIVENESS_TAIL_US,
            net, disk, faults, work, new HostParams(10 + p.nextInt(90), o.protocolBreak() == ProtocolBreak.ACK_BEFORE_FSYNC)
                .withTxnBreaks(mutation == null ? Set.of() : mutation.engineBreaks(), mutation == TxnMutation.FOLLOWER_READ));
        // Drawn last, so that adding it kept every earlier draw of a seed where it was.
        base = base.withHost(base.host().withChunkDamage(p.chance(0.5) ? p.nextDouble() * CHUNK_DAMAGE_PROBABILITY_MAX
            : 0));
        return o.protocolBreak() == null ? base : BreakMixes.adapt(base);
    }

    /** The same run without faults: no nemesis, no drops or duplicates. For scripted scenarios. */
    public SimParams quiet() {
        return withFaults(FaultParams.none(), network.reliable());
    }

    public SimParams withFaults(FaultParams f, NetworkParams n) {
        return new SimParams(seed, nodes, mode, protocolBreak, preVote, checkQuorum, readMode, appendEntriesMax,
            inflightAppendsMax, tickUs, clockDriftMax, safetyUs, livenessBudgetUs, livenessTailUs, n, disk, f, workload, host);
    }

    public SimParams withRaft(ReadMode read, boolean quorumCheck, int entriesMax) {
        return new SimParams(seed, nodes, mode, protocolBreak, preVote, quorumCheck, read, entriesMax,
            inflightAppendsMax, tickUs, clockDriftMax, safetyUs, livenessBudgetUs, livenessTailUs, network, disk, faults,
            workload, host);
    }

    public SimParams withParts(DiskParams d, WorkloadParams w) {
        return new SimParams(seed, nodes, mode, protocolBreak, preVote, checkQuorum, readMode, appendEntriesMax,
            inflightAppendsMax, tickUs, clockDriftMax, safetyUs, livenessBudgetUs, livenessTailUs, network, d, faults, w, host);
    }

    public SimParams withSafetyUs(long us) {
        return new SimParams(seed, nodes, mode, protocolBreak, preVote, checkQuorum, readMode, appendEntriesMax,
            inflightAppendsMax, tickUs, clockDriftMax, us, livenessBudgetUs, livenessTailUs, network, disk, faults,
            workload, host);
    }

    public SimParams withHost(HostParams h) {
        return new SimParams(seed, nodes, mode, protocolBreak, preVote, checkQuorum, readMode, appendEntriesMax,
            inflightAppendsMax, tickUs, clockDriftMax, safetyUs, livenessBudgetUs, livenessTailUs, network, disk, faults,
            workload, h);
    }

    public RaftConfig raftConfig(NodeId self, Membership membership) {
        return new RaftConfig(1, self, membership, ELECTION_TICKS_MIN, HEARTBEAT_TICKS, LEASE_TICKS, preVote,
            checkQuorum, mode, FailoverMode.AUTOMATIC, readMode, appendEntriesMax, 1 << 20, inflightAppendsMax,
            protocolBreak == null ? Set.of() : Set.of(protocolBreak));
    }
}
