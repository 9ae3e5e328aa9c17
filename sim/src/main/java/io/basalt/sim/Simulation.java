package io.basalt.sim;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.raft.Membership;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.raft.ReplicationMode;
import io.basalt.sim.check.Checks;
import io.basalt.sim.check.Violations;
import io.basalt.sim.core.EventLoop;
import io.basalt.sim.core.Trace;
import io.basalt.sim.disk.SimDisk;
import io.basalt.sim.fault.Nemesis;
import io.basalt.sim.net.Network;
import io.basalt.sim.node.HostStats;
import io.basalt.sim.node.NodeClock;
import io.basalt.sim.node.NodeHost;
import io.basalt.sim.workload.Client;
import io.basalt.sim.workload.History;
import io.basalt.sim.workload.Op;
import io.basalt.sim.workload.Workload;
import io.basalt.sim.workload.WorkloadParams;
import io.basalt.sim.txn.BankWorkload;
import io.basalt.sim.txn.ListAppendWorkload;
import io.basalt.sim.txn.TxnChecks;
import io.basalt.sim.txn.TxnClient;
import io.basalt.sim.txn.TxnHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One seed's run of a whole cluster in one thread: a safety phase with faults, then a liveness
 * phase without (everything healed, crashed nodes restarted) in which the cluster must elect a
 * leader and commit a write within a bounded time; then the end-of-run checks.
 */
public final class Simulation {
    /** Accounts of the bank, lists of list-append: few, so transactions conflict. */
    static final int TXN_KEYS = 5;
    private final SimParams params;
    private final EventLoop loop = new EventLoop();
    private final Trace trace = new Trace();
    private final Checks checks;
    private final Network network;
    private final List<NodeHost> hosts = new ArrayList<>();
    private final List<NodeClock> clocks = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();
    private final List<TxnClient> txnClients = new ArrayList<>();
    private final History history = new History();
    private final TxnHistory txnHistory = new TxnHistory();
    private final Nemesis nemesis;
    private final HostStats hostStats = new HostStats();
    private long livenessStartUs = Long.MAX_VALUE;
    private long unavailableUs;
    private EndOfRun.Outcome outcome = new EndOfRun.Outcome(0, 0);

    public Simulation(SimParams params) {
        this.params = params;
        Prng root = new Prng(params.seed());
        Prng clockPrng = root.fork();
        int n = params.nodes();
        int c = params.workload().clients();
        network = new Network(loop, root.fork(), trace, params.network(), n, n + c);
        checks = new Checks(n, params.mode() != ReplicationMode.ASYNC);
        TreeSet<NodeId> voters = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            voters.add(NodeId.of("n" + (i + 1)));
        }
        Membership membership = new Membership(voters, new TreeSet<>());
        for (int i = 0; i < n; i++) {
            SimDisk disk = new SimDisk(loop, root.fork(), params.disk());
            NodeHost host = new NodeHost(i, params.raftConfig(NodeId.of("n" + (i + 1)), membership), loop, network, disk,
                root.fork(), checks, trace, params.host(), hostStats);
            hosts.add(host);
            double drift = (clockPrng.nextDouble() * 2 - 1) * params.clockDriftMax();
            clocks.add(new NodeClock(loop, params.tickUs() * (1 + drift), clockPrng.nextInt((int) params.tickUs()), host::tick));
        }
        Prng clientPrng = root.fork();
        WorkloadParams w = params.workload();
        for (int j = 0; j < c; j++) {
            if (w.kind() == Workload.REGISTER) {
                clients.add(new Client(n + j, j + 1, n, loop, network, clientPrng.fork(), w, history));
            } else {
                TxnClient.Workload txns = w.kind() == Workload.BANK
                    ? new BankWorkload(TXN_KEYS, txnHistory) : new ListAppendWorkload(j, TXN_KEYS, txnHistory);
                txnClients.add(new TxnClient(n + j, n, loop, network, clientPrng.fork(), w, txns,
                    params.host().followerReads()));
            }
        }
        nemesis = new Nemesis(loop, root.fork(), hosts, network, params.faults());
        hosts.forEach(h -> h.setLeadershipEvents(nemesis));
    }

    /** Prints every host's Readys, crashes and restarts to {@code out}. */
    public void debugTo(java.io.PrintStream out) {
        hosts.forEach(h -> h.debugTo(out));
    }

    public EventLoop loop() {
        return loop;
    }

    public Network network() {
        return network;
    }

    public List<NodeHost> hosts() {
        return List.copyOf(hosts);
    }

    public History history() {
        return history;
    }

    public Checks checks() {
        return checks;
    }

    public SeedResult run() {
        Violations violations = checks.violations();
        try {
            hosts.forEach(NodeHost::start);
            clocks.forEach(NodeClock::start);
            clients.forEach(Client::start);
            txnClients.forEach(TxnClient::start);
            nemesis.start();
            loop.runUntil(params.safetyUs(), () -> false);
            nemesis.stop();
            boolean live = livenessPhase();
            clients.forEach(Client::stop);
            txnClients.forEach(TxnClient::stop);
            history.closePending();
            outcome = new EndOfRun(hosts, checks, history, loop.nowUs()).check(live);
            if (params.workload().kind().transactional()) {
                new TxnChecks(checks, txnHistory, params.workload().kind(), TXN_KEYS, loop.nowUs()).check();
            }
        } catch (RuntimeException e) {
            violations.violation("simulation-error", describe(e), loop.nowUs());
        }
        return result();
    }

    private boolean livenessPhase() {
        livenessStartUs = loop.nowUs();
        network.healAll();
        network.setParams(params.network().reliable());
        for (NodeHost h : hosts) {
            h.start();
        }
        loop.after(0, this::sampleAvailability);
        loop.runUntil(livenessStartUs + params.livenessBudgetUs(), () -> progressSince(livenessStartUs));
        if (!progressSince(livenessStartUs)) {
            checks.violations().violation("liveness", "no write committed within " + params.livenessBudgetUs() / 1000
                + "ms after healing; " + clusterState(), loop.nowUs());
            return false;
        }
        loop.runUntil(loop.nowUs() + params.livenessTailUs(), () -> false);
        return true;
    }

    private boolean progressSince(long us) {
        return params.workload().kind().transactional()
            ? txnHistory.committedInvokedSince(us) : history.writeAckedInvokedSince(us);
    }

    private void sampleAvailability() {
        if (!leaderCanCommit()) {
            unavailableUs += params.tickUs();
        }
        loop.after(params.tickUs(), this::sampleAvailability);
    }

    /** A leader whose latest commit is an entry of its own term: it holds a working quorum. */
    private boolean leaderCanCommit() {
        for (NodeHost h : hosts) {
            if (h.up() && h.node().role() == RaftRole.LEADER) {
                RaftStatus s = h.node().status();
                if (h.log().termAt(s.commitIndex()) == s.term()) {
                    return true;
                }
            }
        }
        return false;
    }

    private String clusterState() {
        StringBuilder sb = new StringBuilder();
        for (NodeHost h : hosts) {
            sb.append(h.id()).append('=');
            if (h.up()) {
                sb.append(h.node().role()).append('@').append(h.node().term()).append(" last=").append(h.log().lastIndex());
            } else {
                sb.append(h.refusesToStart() ? "refused(corrupt disk)" : "down");
            }
            sb.append(' ');
        }
        return sb.toString().trim();
    }

    private static String describe(RuntimeException e) {
        StackTraceElement[] st = e.getStackTrace();
        return e + (st.length > 0 ? " at " + st[0] : "") + (st.length > 1 ? " < " + st[1] : "");
    }

    private SeedResult result() {
        List<Op> ops = history.ops();
        boolean txns = params.workload().kind().transactional();
        long opCount = txns ? txnHistory.total() : ops.size();
        long unknown = txns ? txnHistory.unknown() : ops.stream().filter(o -> o.outcome() == Op.Outcome.UNKNOWN).count();
        long leaderChanges = checks.elections().stream().filter(e -> e.timeUs() >= livenessStartUs).count();
        Violations v = checks.violations();
        return new SeedResult(params.seed(), trace.digest(), loop.executed(), hostStats.crashes(), nemesis.partitions(),
            network.dropped(), opCount, unknown, outcome.lostAcked(), leaderChanges, unavailableUs,
            checks.elections().size(), checks.maxLeaderTerm(), hostStats.refusedStarts(), outcome.inconclusiveKeys(),
            hostStats.snapshotTransfersCompleted(), hostStats.snapshotChunksDamaged(), v.violationCount(),
            v.violations(), v.notes());
    }
}
