package io.basalt.raft;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A deterministic in-test cluster: delivers messages in FIFO order, persists every Ready at
 * once on a modeled disk (then sends its messages and calls {@code persisted}), applies
 * committed entries to a per-node state machine, and checks after every step:
 * at most one leader per term, log matching, state-machine safety and persist-before-send
 * (every vote or acknowledgement a node sends is backed by what its disk holds).
 *
 * <p>In strict mode (the default) a violated invariant throws at once; tests of deliberate
 * protocol breaks turn strict off and assert on {@link #violations}.
 */
final class Cluster {
    static final long GROUP = 1;

    /** What a node's disk holds. */
    static final class Disk {
        HardState hardState = HardState.INITIAL;
        SnapshotMeta snapshot;
        final List<Entry> entries = new ArrayList<>();

        RaftState state() {
            return new RaftState(hardState, snapshot, entries);
        }

        long lastIndex() {
            return entries.isEmpty() ? (snapshot == null ? 0 : snapshot.index()) : entries.getLast().index();
        }
    }

    final List<NodeId> ids = new ArrayList<>();
    final Map<NodeId, RaftNode> nodes = new TreeMap<>();
    final Map<NodeId, RaftConfig> configs = new TreeMap<>();
    final Map<NodeId, Disk> disks = new TreeMap<>();
    /** Each node's state machine: the entries it applied, by index. */
    final Map<NodeId, TreeMap<Long, Entry>> applied = new TreeMap<>();
    final Map<NodeId, List<ReadState>> readStates = new TreeMap<>();
    final Map<NodeId, Integer> resets = new TreeMap<>();
    /** lostCommittedEntries of node incarnations that crashed (the counter is not durable). */
    final Map<NodeId, Long> lostBeforeRestart = new TreeMap<>();
    /**
     * State-machine images by snapshot position "index@term", as the "data" of snapshots
     * (async runs may hold different images at one index, never at one index and term).
     */
    final Map<String, TreeMap<Long, Entry>> images = new HashMap<>();
    final java.util.LinkedList<Message> network = new java.util.LinkedList<>();
    final Set<List<NodeId>> cut = new HashSet<>();
    final Set<NodeId> down = new TreeSet<>();
    final Map<Long, NodeId> leaderOfTerm = new TreeMap<>();
    final Map<Long, Entry> appliedAt = new TreeMap<>();
    final List<String> violations = new ArrayList<>();
    final List<String> trace = new ArrayList<>();
    boolean strict = true;
    /** Messages for which this returns true are dropped in flight. */
    java.util.function.Predicate<Message> drop = m -> false;
    boolean tracing;
    private long seed = 42;

    static Cluster of(int voters, UnaryOperator<RaftConfig> customize) {
        return of(voters, 0, customize);
    }

    static Cluster of(int voters, int learners, UnaryOperator<RaftConfig> customize) {
        Cluster c = new Cluster();
        TreeSet<NodeId> v = new TreeSet<>();
        TreeSet<NodeId> l = new TreeSet<>();
        for (int i = 1; i <= voters + learners; i++) {
            NodeId id = NodeId.of("n" + i);
            c.ids.add(id);
            (i <= voters ? v : l).add(id);
        }
        Membership m = new Membership(v, l);
        for (NodeId id : c.ids) {
            c.add(id, customize.apply(RaftConfig.defaults(GROUP, id, m)));
        }
        return c;
    }

    static Cluster of(int voters) {
        return of(voters, UnaryOperator.identity());
    }

    static NodeId id(int i) {
        return NodeId.of("n" + i);
    }

    /** Adds a node that starts empty (e.g. a server about to join). */
    void add(NodeId id, RaftConfig config) {
        if (!ids.contains(id)) {
            ids.add(id);
        }
        configs.put(id, config);
        disks.put(id, new Disk());
        applied.put(id, new TreeMap<>());
        readStates.put(id, new ArrayList<>());
        nodes.put(id, new RaftNode(config, new Prng(seed++), RaftState.empty()));
    }

    RaftNode node(int i) {
        return nodes.get(id(i));
    }

    RaftNode node(NodeId id) {
        return nodes.get(id);
    }

    // ---- time and delivery ----

    void tick(NodeId id) {
        if (!down.contains(id)) {
            nodes.get(id).tick();
        }
        processReadies();
    }

    void tickAll() {
        for (NodeId id : ids) {
            if (!down.contains(id)) {
                nodes.get(id).tick();
            }
        }
        processReadies();
    }

    /** Ticks every node {@code times} times, delivering all messages after each tick. */
    void run(int times) {
        for (int i = 0; i < times; i++) {
            tickAll();
            stabilize();
        }
    }

    /** Ticks {@code id} alone until it starts a new (pre-)campaign, then delivers everything. */
    void campaign(NodeId id) {
        RaftNode n = nodes.get(id);
        long term = n.term();
        RaftRole role = n.role();
        for (int i = 0; i < 4 * configs.get(id).electionTimeoutTicksMin() && n.term() == term && n.role() == role; i++) {
            n.tick();
        }
        processReadies();
        stabilize();
    }

    /** Lets {@code i}'s timer fire until it wins (a few campaigns at most); asserts it won. */
    NodeId elect(int i) {
        for (int attempt = 0; attempt < 10 && node(i).role() != RaftRole.LEADER; attempt++) {
            campaign(id(i));
        }
        if (node(i).role() != RaftRole.LEADER) {
            throw new AssertionError(id(i) + " did not win: " + node(i).status());
        }
        return id(i);
    }

    /** Replaces node {@code i} by one restarted from a disk holding entries of the given terms. */
    void withLog(int i, long term, long... logTerms) {
        NodeId id = id(i);
        Disk d = new Disk();
        d.hardState = new HardState(term, null, 0);
        d.entries.addAll(Fixtures.entries(logTerms));
        disks.put(id, d);
        nodes.put(id, new RaftNode(configs.get(id), new Prng(seed++), d.state()));
    }

    /** Delivers messages (and the Readys they cause) until the network is quiet. */
    void stabilize() {
        processReadies();
        int steps = 0;
        while (!network.isEmpty()) {
            deliver(network.removeFirst());
            processReadies();
            if (++steps > 1_000_000) {
                throw new AssertionError("cluster does not quiesce");
            }
        }
    }

    private void deliver(Message m) {
        if (down.contains(m.to()) || down.contains(m.from()) || cut.contains(List.of(m.from(), m.to()))
            || drop.test(m)) {
            return;
        }
        if (tracing) {
            trace.add(Transcript.format(m));
        }
        nodes.get(m.to()).step(m);
    }

    void processReadies() {
        boolean any = true;
        while (any) {
            any = false;
            for (NodeId id : ids) {
                RaftNode n = nodes.get(id);
                if (!down.contains(id) && n.hasReady()) {
                    handle(id, n.ready());
                    any = true;
                }
            }
        }
        ClusterCheckers.checkLogMatching(this);
    }

    private void handle(NodeId id, Ready r) {
        RaftNode n = nodes.get(id);
        if (r.softState() != null) {
            if (tracing) {
                trace.add(id + " becomes " + r.softState().role() + " term=" + r.softState().term()
                    + " leader=" + r.softState().leader());
            }
            if (r.softState().role() == RaftRole.LEADER) {
                NodeId prev = leaderOfTerm.putIfAbsent(r.softState().term(), id);
                if (prev != null && !prev.equals(id)) {
                    violation("two leaders in term " + r.softState().term() + ": " + prev + " and " + id);
                }
                ClusterCheckers.checkLeaderCompleteness(this, id);
            }
        }
        persist(id, r);
        for (Message m : r.messages()) {
            ClusterCheckers.checkDurable(this, id, m);
            network.addLast(m);
        }
        n.persisted(r.lastEntryIndex(), r.lastEntryTerm());
        apply(id, r);
        readStates.get(id).addAll(r.readStates());
    }

    private void persist(NodeId id, Ready r) {
        Disk d = disks.get(id);
        if (r.snapshot() != null) {
            d.snapshot = r.snapshot().meta();
            d.entries.clear();
        }
        if (!r.entries().isEmpty()) {
            long first = r.entries().getFirst().index();
            d.entries.removeIf(e -> e.index() >= first);
            d.entries.addAll(r.entries());
        }
        if (r.hardState() != null) {
            d.hardState = r.hardState();
        }
    }

    private void apply(NodeId id, Ready r) {
        TreeMap<Long, Entry> sm = applied.get(id);
        if (r.snapshot() != null) {
            restoreImage(sm, r.snapshot().meta());
        }
        if (r.resetStateMachine()) {
            resets.merge(id, 1, Integer::sum);
            SnapshotMeta snap = disks.get(id).snapshot;
            restoreImage(sm, snap);
        }
        for (Entry e : r.committed()) {
            long expected = sm.isEmpty() ? firstApplicable(id) : sm.lastKey() + 1;
            if (e.index() != expected) {
                violation(id + " applied " + e + " but expected index " + expected);
            }
            sm.put(e.index(), e);
            Entry other = appliedAt.putIfAbsent(e.index(), e);
            if (other != null && !other.equals(e)) {
                violation("state machine safety: " + id + " applied " + e + " where another applied " + other);
            }
        }
    }

    private long firstApplicable(NodeId id) {
        SnapshotMeta snap = disks.get(id).snapshot;
        return snap == null ? 1 : snap.index() + 1;
    }

    private void restoreImage(TreeMap<Long, Entry> sm, SnapshotMeta snap) {
        sm.clear();
        TreeMap<Long, Entry> image = snap == null ? null : images.get(snap.index() + "@" + snap.term());
        if (image != null) {
            sm.putAll(image);
        }
    }

    /**
     * Delivers one queued message chosen at random (reordering), possibly dropping or
     * duplicating it, then handles the Readys it causes.
     */
    void deliverRandom(Prng rnd, double dropChance, double duplicateChance) {
        if (network.isEmpty()) {
            return;
        }
        int i = rnd.chance(0.2) ? rnd.nextInt(network.size()) : 0;
        Message m = network.remove(i);
        if (rnd.chance(dropChance)) {
            return;
        }
        if (rnd.chance(duplicateChance)) {
            network.add(rnd.nextInt(network.size() + 1), m);
        }
        deliver(m);
        processReadies();
    }

    void violation(String what) {
        violations.add(what);
        if (strict) {
            throw new AssertionError(what);
        }
    }

    // ---- faults ----

    void isolate(NodeId id) {
        for (NodeId other : ids) {
            if (!other.equals(id)) {
                cut.add(List.of(id, other));
                cut.add(List.of(other, id));
            }
        }
    }

    void cutLink(NodeId a, NodeId b) {
        cut.add(List.of(a, b));
        cut.add(List.of(b, a));
    }

    void heal() {
        cut.clear();
    }

    void crash(NodeId id) {
        down.add(id);
    }

    /** Restarts {@code id} from its disk, as a real node would after a crash. */
    void restart(NodeId id) {
        Disk d = disks.get(id);
        lostBeforeRestart.merge(id, nodes.get(id).status().lostCommittedEntries(), Long::sum);
        RaftNode n = new RaftNode(configs.get(id), new Prng(seed++), d.state());
        nodes.put(id, n);
        restoreImage(applied.get(id), d.snapshot);
        if (d.snapshot != null) {
            // A driver hands the core its latest snapshot again, so a leader can send it.
            n.compact(new Snapshot(d.snapshot, ByteBuffer.allocate(8).putLong(d.snapshot.index()).array()));
        }
        down.remove(id);
        processReadies();
    }

    // ---- client operations ----

    long propose(NodeId id, String data) {
        try {
            long index = nodes.get(id).propose(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            processReadies();
            return index;
        } catch (NotLeaderException e) {
            throw new AssertionError(id + " is not the leader", e);
        }
    }

    /** Compacts {@code id}'s log at its applied index and registers the image as snapshot data. */
    void compact(NodeId id) {
        compact(id, nodes.get(id).status().appliedIndex());
    }

    /** Compacts {@code id}'s log at {@code index}, which it has applied. */
    void compact(NodeId id, long index) {
        RaftNode n = nodes.get(id);
        TreeMap<Long, Entry> image = new TreeMap<>(applied.get(id).headMap(index, true));
        images.put(index + "@" + n.log.term(index), image);
        Snapshot snap = new Snapshot(new SnapshotMeta(index, n.log.term(index), n.status().membership()),
            ByteBuffer.allocate(8).putLong(index).array());
        n.compact(snap);
        disks.get(id).snapshot = snap.meta();
        disks.get(id).entries.removeIf(e -> e.index() <= index);
        processReadies();
    }

    /** Entries {@code id} reported lost over all its incarnations. */
    long lostTotal(NodeId id) {
        return lostBeforeRestart.getOrDefault(id, 0L) + nodes.get(id).status().lostCommittedEntries();
    }

    NodeId leader() {
        NodeId found = null;
        long bestTerm = -1;
        for (NodeId id : ids) {
            RaftNode n = nodes.get(id);
            if (!down.contains(id) && n.role() == RaftRole.LEADER && n.term() > bestTerm) {
                found = id;
                bestTerm = n.term();
            }
        }
        return found;
    }

    List<String> appliedData(NodeId id) {
        List<String> out = new ArrayList<>();
        for (Entry e : applied.get(id).values()) {
            if (e.type() == EntryType.NORMAL) {
                out.add(new String(e.data(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
