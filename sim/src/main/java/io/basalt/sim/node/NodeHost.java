package io.basalt.sim.node;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.kv.GroupTxns;
import io.basalt.kv.KvResult;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.Entry;
import io.basalt.raft.EntryType;
import io.basalt.raft.Membership;
import io.basalt.raft.Message;
import io.basalt.raft.RaftConfig;
import io.basalt.raft.RaftNode;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftState;
import io.basalt.raft.Ready;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import io.basalt.sim.check.Checks;
import io.basalt.sim.core.EventLoop;
import io.basalt.sim.core.Trace;
import io.basalt.sim.disk.CorruptLogException;
import io.basalt.sim.disk.DiskRecord;
import io.basalt.sim.disk.LogImage;
import io.basalt.sim.disk.SimDisk;
import io.basalt.sim.net.Envelope;
import io.basalt.sim.net.Network;
import io.basalt.sim.workload.ClientReply;
import io.basalt.sim.txn.TxnCall;
import io.basalt.sim.workload.ClientRequest;
import io.basalt.txn.HybridClock;
import io.basalt.txn.engine.TxnResult;
import java.util.ArrayDeque;

/**
 * Drives one {@link RaftNode} and its {@link KvStateMachine} as the {@link Ready} contract says:
 * persist, and only once durable send and report {@code persisted}; then apply and serve reads.
 * Readys are pipelined and complete in the order taken. A crash drops all of this memory;
 * a restart rebuilds the node from what the disk kept.
 */
public final class NodeHost {
    private static final int CLOCK_SKEW_US_MAX = 50_000;
    /** Hybrid clock readings further ahead than this are refused. */
    private static final long CLOCK_OFFSET_US_MAX = 500_000;
    /** One Ready on its way to the disk. */
    private static final class InFlight {
        final Ready ready;
        long writeSeq = -1;
        long persistIndex;
        /** The messages that need no durable sender left when the Ready was taken. */
        boolean sentEarly;
        /** Committed entries and reads wait for the write (a snapshot or reset is in order). */
        boolean applyAfterWrite;
        long persistTerm;
        boolean durable;

        InFlight(Ready ready) {
            this.ready = ready;
        }
    }

    private final int address;
    /** The term of the last hard state known durable on this node's disk. */
    private long durableTerm;
    /** Readys taken whose effects on the state machine wait for their writes. */
    private int lateApplies;
    private final RaftConfig config;
    private final EventLoop loop;
    private final Network network;
    private final SimDisk disk;
    private final Prng prng;
    private final Checks checks;
    private final Trace trace;
    private final HostParams params;
    private final HostStats stats;
    private final ClientDesk desk;
    private final TxnDesk txnDesk;
    /** Where the engine's output goes: single writes to the client desk, transaction steps to the txn desk. */
    private final GroupTxns.Sink sink = new GroupTxns.Sink() {
        @Override
        public void reply(long requestId, TxnResult result) {
            if (desk.owns(requestId)) {
                desk.singleNotProposed(requestId, null, false);
            } else {
                txnDesk.reply(requestId, result);
            }
        }

        @Override
        public void proposed(long requestId, long index, long term) {
            desk.singleProposed(requestId, index, term);
        }

        @Override
        public void notLeader(long requestId, NodeId leaderHint) {
            if (desk.owns(requestId)) {
                desk.singleNotProposed(requestId, leaderHint, true);
            } else {
                txnDesk.notLeader(requestId, leaderHint);
            }
        }
    };
    /** This node's wall clock, a fixed offset from simulated time (clocks are never in sync). */
    private final long clockSkewUs;
    /** Hybrid clock readings survive nothing: a restarted node starts from its wall clock. */
    private HybridClock clock;
    private GroupTxns txns;

    // Memory of the running process: lost on a crash.
    private RaftNode node;
    private KvStateMachine kv;
    private LogImage written;
    private Snapshot latestSnapshot;
    private boolean latestSnapshotOwn;
    private final ArrayDeque<InFlight> pipeline = new ArrayDeque<>();
    private Membership membership;
    private long lastAppliedTerm;
    private boolean snapshotInFlight;
    private boolean pumping;
    /** Snapshot transfers to and from this node, in the process's memory. */
    private SimTransfers transfers;

    private java.io.PrintStream debug;
    private LeadershipEvents leadershipEvents = LeadershipEvents.NONE;
    private boolean up;
    private boolean refusesToStart;
    private int incarnation;
    private long leaderTermSeen;

    public NodeHost(int address, RaftConfig config, EventLoop loop, Network network, SimDisk disk, Prng prng,
                    Checks checks, Trace trace, HostParams params, HostStats stats) {
        this.address = address;
        this.config = config;
        this.loop = loop;
        this.network = network;
        this.disk = disk;
        this.prng = prng;
        this.checks = checks;
        this.trace = trace;
        this.params = params;
        this.stats = stats;
        this.desk = new ClientDesk((request, reply) -> network.send(address, request.clientAddress(), reply));
        this.txnDesk = new TxnDesk((client, answer) -> network.send(address, client, answer), params.followerReads());
        // Not drawn from the seed's random source: that would shift every other draw of existing seeds.
        this.clockSkewUs = (address * 17_389L) % CLOCK_SKEW_US_MAX;
        network.register(address, this::onMessage);
    }

    /** Prints every Ready, crash and restart to {@code out} (for replaying one seed by hand). */
    public void debugTo(java.io.PrintStream out) {
        this.debug = out;
    }

    private void debug(String what) {
        if (debug != null) {
            debug.println(loop.nowUs() / 1000.0 + "ms n" + (address + 1) + " " + what);
        }
    }

    public void setLeadershipEvents(LeadershipEvents events) {
        this.leadershipEvents = events;
    }

    public int address() {
        return address;
    }

    public NodeId id() {
        return config.self();
    }

    public boolean up() {
        return up;
    }

    /** True once a restart found a corrupt log: the node stays down for the rest of the run. */
    public boolean refusesToStart() {
        return refusesToStart;
    }

    public boolean diskCorrupt() {
        return disk.corrupt();
    }

    /** The running node, or null while down. For checkers and scenario tests. */
    public RaftNode node() {
        return node;
    }

    /** The node's view of its own log (durable or not), or null while down. */
    public LogImage log() {
        return written;
    }

    public KvStateMachine stateMachine() {
        return kv;
    }

    /** First boot, or restart from whatever the disk kept. Returns false if the node refuses. */
    public boolean start() {
        if (up || refusesToStart) {
            return up;
        }
        RaftState restored;
        try {
            restored = disk.recover();
        } catch (CorruptLogException e) {
            refusesToStart = true;
            stats.refusedStarts++;
            return false;
        }
        written = disk.durableImage();
        durableTerm = restored.hardState().term();
        latestSnapshot = disk.snapshot();
        latestSnapshotOwn = true;
        membership = latestSnapshot == null ? config.initialMembership() : latestSnapshot.meta().membership();
        resetStateMachine();
        node = new RaftNode(config, prng.fork(), restored);
        transfers = new SimTransfers(config.groupId(), config.self(), prng.fork(), params.chunkDamageProbability(), stats,
            new SimTransfers.Host() {
                @Override
                public void send(io.basalt.raft.transfer.TransferMessage m) {
                    network.send(address, ClientDesk.address(m.to()), m);
                }

                @Override
                public void received(NodeId leader, long term, Snapshot snapshot) {
                    node.step(new Message.InstallSnapshot(config.groupId(), leader, config.self(), term, snapshot));
                }
            });
        clock = new HybridClock(() -> loop.nowUs() + clockSkewUs, CLOCK_OFFSET_US_MAX);
        txns = new GroupTxns(config.groupId(), GroupTxns.originOf(config.self().value()), params.txn(), node, kv, clock,
            params.txnBreaks());
        if (latestSnapshot != null) {
            // RaftState carries only the snapshot's metadata; the node needs the data too, to
            // send it to followers that are behind its log's start.
            node.compact(latestSnapshot);
        }
        up = true;
        stats.restarts++;
        debug("start " + restored.hardState() + " snapshot=" + restored.snapshot() + " entries="
            + restored.entries().size() + " kv@" + kv.appliedIndex());
        pump();
        return true;
    }

    /** Power loss: memory is gone, the disk keeps what its crash model says. */
    public void crash(boolean allowDiskCorruption) {
        if (!up) {
            return;
        }
        up = false;
        incarnation++;
        node = null;
        kv = null;
        written = null;
        pipeline.clear();
        lateApplies = 0;
        desk.clear();
        txnDesk.clear();
        txns = null;
        clock = null;
        snapshotInFlight = false;
        transfers = null;
        stats.crashes++;
        disk.crash(allowDiskCorruption);
        debug("crash" + (disk.corrupt() ? " (disk corrupt)" : ""));
    }

    public void tick() {
        if (up) {
            node.tick();
            transfers.tick();
            txns.tick(nowMs());
            pump();
        }
    }

    private long nowMs() {
        return loop.nowUs() / 1000;
    }

    private void onMessage(Envelope e) {
        if (!up) {
            return;
        }
        switch (e.payload()) {
            case Message m -> node.step(m);
            case io.basalt.raft.transfer.TransferMessage t -> transfers.onMessage(t);
            case ClientRequest r -> desk.onRequest(node, txns, r);
            case TxnCall c -> txnDesk.onCall(c, node, txns, kv);
            default -> throw new IllegalStateException("unexpected payload " + e.payload());
        }
        pump();
    }

    /** Takes Readys and completes durable ones until neither makes progress. */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            boolean progress = true;
            while (up && progress) {
                progress = false;
                txns.drain(sink);
                while (up && node.hasReady()) {
                    accept(node.ready());
                    progress = true;
                }
                while (up && !pipeline.isEmpty() && pipeline.peek().durable) {
                    complete(pipeline.poll());
                    progress = true;
                }
            }
        } finally {
            pumping = false;
        }
    }

    private void accept(Ready rd) {
        if (debug != null) {
            debug("ready " + ReadyText.describe(rd));
        }
        if (rd.softState() != null) {
            transfers.onSoftState(rd.softState());
            txns.onRole(rd.softState().role(), rd.softState().term(), "n" + (address + 1) + " stopped leading",
                sink);
        }
        InFlight f = new InFlight(rd);
        f.durable = true;
        if (rd.mustPersist()) {
            if (rd.snapshot() != null) {
                f.writeSeq = write(new DiskRecord.SnapshotWrite(rd.snapshot()));
            }
            if (!rd.entries().isEmpty()) {
                checks.onPersist(address, rd.entries(), loop.nowUs());
                f.writeSeq = write(new DiskRecord.EntriesWrite(rd.entries()));
            }
            if (rd.hardState() != null) {
                f.writeSeq = write(new DiskRecord.HardStateWrite(rd.hardState()));
            }
            f.persistIndex = written.lastIndex();
            f.persistTerm = written.lastTerm();
            f.durable = params.ackBeforeFsync();
            int syncIncarnation = incarnation;
            disk.sync(() -> {
                if (syncIncarnation == incarnation && up) {
                    f.durable = true;
                    pump();
                }
            });
        }
        // A leader's appends promise nothing about its disk and leave at once, but only once
        // its term is durable (as in the server's driver).
        f.sentEarly = rd.hardState() == null || rd.hardState().term() == durableTerm;
        for (Message m : rd.messages()) {
            if (f.sentEarly && m instanceof Message.InstallSnapshot snap) {
                transfers.send(snap); // the image goes in chunks, beside the core
            } else if (f.sentEarly && !m.requiresDurableSender()) {
                network.send(address, ClientDesk.address(m.to()), m);
            }
        }
        f.applyAfterWrite = lateApplies > 0 || rd.snapshot() != null || rd.resetStateMachine();
        if (f.applyAfterWrite) {
            lateApplies++;
        } else {
            applyEffects(rd);
        }
        pipeline.add(f);
        if (node.role() == RaftRole.LEADER && node.term() != leaderTermSeen) {
            leaderTermSeen = node.term();
            checks.onLeader(address, leaderTermSeen, written, loop.nowUs());
            trace.record(loop.nowUs(), address, leaderTermSeen, 1);
            leadershipEvents.onElected(address);
        }
    }

    private long write(DiskRecord record) {
        written.apply(record);
        return disk.write(record);
    }

    private void complete(InFlight f) {
        Ready rd = f.ready;
        if (!params.ackBeforeFsync() && f.writeSeq > disk.durableSeq()) {
            checks.hostViolation("persist-before-send", "n" + (address + 1) + " would send " + rd.messages().size()
                + " messages before write " + f.writeSeq + " is durable (durable " + disk.durableSeq() + ")", loop.nowUs());
        }
        if (rd.hardState() != null) {
            durableTerm = rd.hardState().term();
        }
        for (Message m : rd.messages()) {
            if (!f.sentEarly && m instanceof Message.InstallSnapshot snap) {
                transfers.send(snap);
            } else if (!(m instanceof Message.InstallSnapshot) && (!f.sentEarly || m.requiresDurableSender())) {
                network.send(address, ClientDesk.address(m.to()), m);
            }
        }
        if (rd.mustPersist()) {
            node.persisted(f.persistIndex, f.persistTerm);
        }
        if (f.applyAfterWrite) {
            lateApplies--;
            applyEffects(rd);
        }
    }

    /**
     * Applies a Ready's committed entries and serves its reads. As in the server's driver, this
     * happens when the Ready is taken (its entries are durable here and on a quorum), except for
     * a snapshot install or a reset, and every Ready behind one, which wait for their writes so
     * the state machine changes in write order.
     */
    private void applyEffects(Ready rd) {
        if (rd.snapshot() != null) {
            installSnapshot(rd.snapshot());
        }
        if (rd.resetStateMachine()) {
            stats.stateMachineResets++;
            resetStateMachine();
        }
        boolean leaderCommitted = !rd.committed().isEmpty() && node.role() == RaftRole.LEADER;
        for (Entry e : rd.committed()) {
            apply(e);
        }
        desk.onReadStates(rd.readStates());
        desk.serveReads(kv);
        txns.afterApply(nowMs());
        txns.readStates(rd.readStates(), sink);
        maybeSnapshot();
        if (leaderCommitted) {
            leadershipEvents.onCommitted(address);
        }
    }

    private void installSnapshot(Snapshot s) {
        latestSnapshot = s;
        latestSnapshotOwn = false;
        membership = s.meta().membership();
        // Installing means the state machine becomes the snapshot, even below the applied index:
        // in async mode the leader's snapshot may replace entries this node applied.
        resetStateMachine();
    }

    /** Rebuilds the state machine in place (the transaction engine holds on to it) from the latest snapshot. */
    private void resetStateMachine() {
        if (kv == null) {
            kv = new KvStateMachine();
        }
        lastAppliedTerm = 0;
        if (latestSnapshot != null) {
            kv.restore(latestSnapshot.meta().index(), latestSnapshot.data());
            lastAppliedTerm = latestSnapshot.meta().term();
        } else {
            kv.restore(0, new byte[0]);
        }
        checks.onReset(address, kv.appliedIndex(), latestSnapshotOwn);
    }

    private void apply(Entry e) {
        long applied = kv.appliedIndex();
        if (e.index() != applied + 1) {
            checks.hostViolation("apply-order", "n" + (address + 1) + " was given " + e + " to apply after index "
                + applied, loop.nowUs());
            if (e.index() <= applied) {
                return;
            }
        }
        KvResult result = null;
        if (e.type() == EntryType.NORMAL) {
            result = kv.apply(e.index(), e.term(), e.data());
        } else {
            kv.skip(e.index(), e.term());
            if (e.type() == EntryType.CONFIG) {
                membership = e.membership();
            }
        }
        lastAppliedTerm = e.term();
        checks.onApply(address, e, node.term(), loop.nowUs());
        trace.record(loop.nowUs(), address, e.index(), e.term());
        desk.onApplied(e, result);
        txns.applied(result);
    }

    private void maybeSnapshot() {
        long applied = kv.appliedIndex();
        long snapshotIndex = latestSnapshot == null ? 0 : latestSnapshot.meta().index();
        if (snapshotInFlight || applied - snapshotIndex < params.snapshotEveryEntries() || transfers.sending()) {
            return;
        }
        Snapshot s = new Snapshot(new SnapshotMeta(applied, lastAppliedTerm, membership), kv.snapshot());
        snapshotInFlight = true;
        write(new DiskRecord.SnapshotWrite(s));
        int syncIncarnation = incarnation;
        disk.sync(() -> {
            if (syncIncarnation == incarnation && up) {
                // Only now is it the snapshot the node knows: a reset restores from the same one
                // the node re-delivers entries after.
                snapshotInFlight = false;
                if (latestSnapshot == null || latestSnapshot.meta().index() < s.meta().index()) {
                    latestSnapshot = s;
                    latestSnapshotOwn = true;
                }
                node.compact(s);
                pump();
            }
        });
    }
}
