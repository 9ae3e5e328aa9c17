package io.basalt.sim.fault;

import io.basalt.common.Prng;
import io.basalt.raft.RaftRole;
import io.basalt.sim.core.EventLoop;
import io.basalt.sim.net.Links;
import io.basalt.sim.net.Network;
import io.basalt.sim.node.LeadershipEvents;
import io.basalt.sim.node.NodeHost;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Injects faults during the safety phase: crashes (any node, any moment) with a later restart,
 * partitions of every shape, clogged links and whole-cluster recoveries. Besides faults at
 * random times it strikes leaders at their two fragile moments (just elected, just committed),
 * which is what turns a wrong commit rule into an observable loss within a few hundred seeds.
 * Probabilities and durations come from {@link FaultParams}, themselves drawn from the seed.
 */
public final class Nemesis implements LeadershipEvents {
    private static final long FAULT_US_MIN = 1_000;
    private static final long STRIKE_US_MAX = 3_000;
    private static final long STRIKE_RESTART_US_MAX = 20_000;

    private final EventLoop loop;
    private final Prng prng;
    private final List<NodeHost> hosts;
    private final Network network;
    private final FaultParams params;
    private boolean active;
    private boolean partitioned;
    private int partitionEpoch;
    private final List<NodeHost> deferredRestarts = new ArrayList<>();
    private long partitions;
    private long clogs;

    public Nemesis(EventLoop loop, Prng prng, List<NodeHost> hosts, Network network, FaultParams params) {
        this.loop = loop;
        this.prng = prng;
        this.hosts = hosts;
        this.network = network;
        this.params = params;
    }

    public void start() {
        active = params.any();
        scheduleNext();
    }

    public void stop() {
        active = false;
    }

    public long partitions() {
        return partitions;
    }

    public long clogs() {
        return clogs;
    }

    /**
     * A new leader's first entry waits for its fsync before it leaves: a crash now keeps it
     * from ever being replicated. The node stays down until the next leader is cut off (or
     * for the longest downtime), which is when its stale log can do the most harm.
     */
    @Override
    public void onElected(int node) {
        if (active && params.crashes() && prng.chance(params.electedStrikeProbability())) {
            NodeHost host = hosts.get(node);
            loop.after(prng.nextInt((int) STRIKE_US_MAX), () -> {
                if (crash(host, false)) {
                    deferredRestarts.add(host);
                    loop.after(FAULT_US_MIN + params.downUsMax(), host::start);
                }
            });
        }
    }

    /**
     * The messages announcing a commit are already in flight: cutting the leader off now loses
     * them, so the commit is known to the leader alone. Nodes crashed at their election come
     * back now, into a cluster whose only up-to-date node is unreachable.
     */
    @Override
    public void onCommitted(int node) {
        if (active && params.partitions() && prng.chance(params.commitStrikeProbability())) {
            loop.after(prng.nextInt((int) STRIKE_US_MAX), () -> {
                if (active) {
                    network.links().heal();
                    network.links().isolate(node);
                    startPartition();
                    List<NodeHost> restarts = List.copyOf(deferredRestarts);
                    deferredRestarts.clear();
                    restarts.forEach(h -> loop.after(FAULT_US_MIN + prng.nextInt((int) STRIKE_RESTART_US_MAX), h::start));
                }
            });
        }
    }

    /** Marks a partition as begun; it heals after a random time unless a newer one replaced it. */
    private void startPartition() {
        partitions++;
        partitioned = true;
        int epoch = ++partitionEpoch;
        loop.after(FAULT_US_MIN + prng.nextInt((int) params.partitionUsMax()), () -> {
            if (epoch == partitionEpoch) {
                network.links().heal();
                partitioned = false;
            }
        });
    }

    private void scheduleNext() {
        if (active) {
            long gapUs = (long) (-Math.log(1 - prng.nextDouble()) * params.faultGapUsMean());
            loop.after(Math.max(FAULT_US_MIN, gapUs), this::strike);
        }
    }

    private void strike() {
        if (!active) {
            return;
        }
        List<Runnable> choices = new ArrayList<>();
        if (params.crashes()) {
            choices.add(this::crash);
        }
        if (params.partitions() && !partitioned) {
            choices.add(this::partition);
        }
        if (params.clogs()) {
            choices.add(this::clog);
        }
        if (params.crashes()) {
            choices.add(this::recoverAll);
        }
        if (!choices.isEmpty()) {
            choices.get(prng.nextInt(choices.size())).run();
        }
        scheduleNext();
    }

    private void crash() {
        crash(hosts.get(target()), true);
    }

    /** Returns false if the node was already down. */
    private boolean crash(NodeHost host, boolean scheduleRestart) {
        if (!active || !host.up()) {
            return false;
        }
        long corrupt = hosts.stream().filter(NodeHost::diskCorrupt).count();
        host.crash(corrupt < params.corruptDisksMax());
        if (scheduleRestart) {
            loop.after(FAULT_US_MIN + prng.nextInt((int) params.downUsMax()), host::start);
        }
        return true;
    }

    private void partition() {
        int n = hosts.size();
        int pivot = target();
        if (isLeader(pivot) && prng.chance(0.5)) {
            // A leader alone on its side, still reachable by clients: the classic deposed leader.
            network.links().isolate(pivot);
            startPartition();
            return;
        }
        Set<Integer> side = new HashSet<>();
        side.add(pivot);
        for (int i = 0; i < n; i++) {
            if (i != pivot && side.size() < n - 1 && prng.chance(0.3)) {
                side.add(i);
            }
        }
        Links links = network.links();
        switch (prng.nextInt(4)) {
            case 0 -> links.splitSymmetric(side);
            case 1 -> links.cutOneWay(side);
            case 2 -> {
                Set<Integer> other = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    if (!side.contains(i)) {
                        other.add(i);
                    }
                }
                if (other.size() >= 2) {
                    other.remove(other.iterator().next());  // the lowest remaining node bridges both sides
                }
                links.bridge(side, other);
            }
            default -> links.isolate(pivot);
        }
        startPartition();
    }

    /** Everything heals and every crashed node restarts at once, as after an outage. */
    private void recoverAll() {
        partitionEpoch++;
        partitioned = false;
        network.links().heal();
        deferredRestarts.clear();
        for (NodeHost h : hosts) {
            if (!h.up()) {
                loop.after(prng.nextInt((int) STRIKE_RESTART_US_MAX), h::start);
            }
        }
    }

    private void clog() {
        int a = target();
        int b = prng.nextInt(hosts.size());
        if (a == b) {
            return;
        }
        clogs++;
        long untilUs = loop.nowUs() + FAULT_US_MIN + prng.nextInt((int) params.clogUsMax());
        network.clog(a, b, untilUs);
        if (prng.chance(0.5)) {
            network.clog(b, a, untilUs);
        }
    }

    private boolean isLeader(int node) {
        NodeHost h = hosts.get(node);
        return h.up() && h.node().role() == RaftRole.LEADER;
    }

    /** The current leader with the configured probability, else any node. */
    private int target() {
        if (prng.chance(params.leaderTargetProbability())) {
            for (NodeHost h : hosts) {
                if (h.up() && h.node().role() == RaftRole.LEADER) {
                    return h.address();
                }
            }
        }
        return prng.nextInt(hosts.size());
    }
}
