package io.basalt.kv;

import io.basalt.common.NodeId;
import io.basalt.common.SqlState;
import io.basalt.raft.NotLeaderException;
import io.basalt.raft.RaftNode;
import io.basalt.raft.RaftRole;
import io.basalt.raft.ReadState;
import io.basalt.txn.HybridClock;
import io.basalt.txn.Timestamp;
import io.basalt.txn.engine.Proposal;
import io.basalt.txn.engine.TxnBreak;
import io.basalt.txn.engine.TxnConfig;
import io.basalt.txn.engine.TxnEngine;
import io.basalt.txn.engine.TxnReply;
import io.basalt.txn.engine.TxnResult;
import io.basalt.txn.engine.TxnStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transactions of one replication group on one replica: a {@link TxnEngine} while this
 * replica leads, wired to its {@link RaftNode} and {@link KvStateMachine}. Pure and
 * single-threaded like both; a driver (the server's replica loop, the simulator's node host)
 * feeds it and delivers what {@link #drain} hands out.
 *
 * <p>An engine starts once the leader has applied its log up to the no-op of its term: only
 * then does it know every commit of earlier terms, so its clock is moved past their timestamps
 * and a repeated commit of an earlier transaction is answered with the real outcome. When
 * leadership ends the engine is closed: open transactions are aborted (SQLSTATE 40001), their
 * locks, which lived only here, vanish with it.
 *
 * <p>Single writes (put, delete, compare-and-set) run as implicit transactions: they take an
 * exclusive lock on their key, are stamped with a commit timestamp and proposed; the driver
 * answers the client when the entry applies, and the lock is released then.
 */
public final class GroupTxns {
    /** Keys whose old versions one tick's garbage collection looks at. */
    private static final int GC_KEYS_PER_TICK = 1_000;
    /**
     * Log entry bytes one drain proposes at most. The rest waits for the next drain, which the
     * driver runs after processing the Ready these proposals made.
     */
    static final long PROPOSE_BYTES_PER_DRAIN = 2L << 20;
    /**
     * A commit's later entries wait while this many entries are uncommitted: without it the
     * drains of every tick and message before the next flush would each propose their budget,
     * and one Ready would carry tens of MiB to write and send in one turn of the loop.
     */
    static final int UNCOMMITTED_ENTRIES_FOR_STAGES_MAX = 32;

    /** What the driver does with the engine's output. */
    public interface Sink {
        /** The answer to request {@code requestId}. */
        void reply(long requestId, TxnResult result);

        /** Single write {@code requestId} was proposed at {@code index} in {@code term}: answer it when that applies. */
        void proposed(long requestId, long index, long term);

        /** Single write {@code requestId} could not be proposed: this node no longer leads. */
        void notLeader(long requestId, NodeId leaderHint);
    }

    /** A single write waiting for its lock. */
    private record SingleWrite(long request, byte[] command) {}

    /** A proposal and its log entries, not all proposed yet. */
    private static final class Outgoing {
        final Proposal proposal;
        final Iterator<byte[]> entries;
        long index;

        Outgoing(Proposal p, int entryBytes) {
            this.proposal = p;
            this.entries = p.attachment() instanceof SingleWrite single
                ? List.of(KvCommands.stamp(single.command(), p.txn(), p.commitTs())).iterator()
                : new KvCommands.CommitEntries(p.txn(), p.commitTs(), p.writes(), entryBytes);
        }
    }

    /** A commit that wrote nothing, answered once leadership is confirmed and applied through {@code readIndex}. */
    private record Barrier(long request, long readIndex) {}

    private final long groupId;
    private final long origin;
    private final TxnConfig config;
    private final RaftNode raft;
    private final KvStateMachine kv;
    private final HybridClock clock;
    private final Set<TxnBreak> breaks;
    private final LeaseClock lease;
    /** Reads confirmed on the lease, without a heartbeat round. */
    private long leaseReads;
    private TxnEngine engine;
    /** Proposals taken from the engine and not fully proposed yet, in commit timestamp order. */
    private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();
    /** Read-index requests (negative ids, apart from the driver's own reads) of commits that wrote nothing. */
    private final Map<Long, Long> barrierRequests = new HashMap<>();
    private final List<Barrier> confirmed = new ArrayList<>();
    private long nextBarrier = -1;
    /** While leading without an engine: the index of this term's no-op, after which one starts. */
    private long termStartIndex = -1;
    /** The term the engine (running or about to start) serves. */
    private long engineTerm = -1;

    /**
     * Real time for leader leases, kept by the driver (the core counts only ticks): whether less
     * than the lease has passed since tick {@code tick} began.
     */
    @FunctionalInterface
    public interface LeaseClock {
        boolean withinLease(long tick);
    }

    public GroupTxns(long groupId, long origin, TxnConfig config, RaftNode raft, KvStateMachine kv, HybridClock clock,
                     Set<TxnBreak> breaks) {
        this(groupId, origin, config, raft, kv, clock, breaks, null);
    }

    /** With {@code lease} non-null, reads are confirmed on the leader's lease while it holds. */
    public GroupTxns(long groupId, long origin, TxnConfig config, RaftNode raft, KvStateMachine kv, HybridClock clock,
                     Set<TxnBreak> breaks, LeaseClock lease) {
        this.lease = lease;
        this.groupId = groupId;
        this.origin = origin;
        this.config = config;
        this.raft = raft;
        this.kv = kv;
        this.clock = clock;
        this.breaks = breaks;
    }

    /** How many reads were confirmed on the leader's lease. */
    public long leaseReads() {
        return leaseReads;
    }

    /** The engine of this replica while it leads and has caught up, else null. */
    public TxnEngine engine() {
        return engine;
    }

    /**
     * The role or term changed (from a Ready's soft state). An engine belongs to one term: locks
     * and snapshots of an earlier term never carry over, even if this node leads again.
     */
    public void onRole(RaftRole role, long term, String why, Sink sink) {
        if (role == RaftRole.LEADER) {
            if (engine != null && engineTerm != term) {
                close(why, sink);
            }
            if (engine == null && termStartIndex < 0) {
                termStartIndex = raft.status().lastIndex();
                engineTerm = term;
            }
            return;
        }
        close(why, sink);
    }

    /** Ends what is open here (leadership lost, or the replica stopped). */
    public void close(String why, Sink sink) {
        termStartIndex = -1;
        if (engine != null) {
            for (Outgoing o : outgoing) {
                engine.proposalFailed(o.proposal.txn());
                if (o.proposal.attachment() instanceof SingleWrite single) {
                    sink.notLeader(single.request(), raft.leader());
                }
            }
            outgoing.clear();
            engine.close(why);
            drain(sink);
            engine = null;
        }
        TxnResult.Failed unconfirmed = new TxnResult.Failed(SqlState.SERIALIZATION_FAILURE, "a transaction that"
            + " wrote nothing could not confirm this node still leads (" + why + "); nothing was written, retry it", true);
        barrierRequests.values().forEach(req -> sink.reply(req, unconfirmed));
        confirmed.forEach(b -> sink.reply(b.request(), unconfirmed));
        barrierRequests.clear();
        confirmed.clear();
    }

    /**
     * Read states of the core's last Ready. A transaction that wrote nothing commits without a
     * log entry; before it is answered this node confirms it still leads (a read index), else a
     * deposed leader could call a stale read committed.
     */
    public void readStates(List<ReadState> states, Sink sink) {
        for (ReadState s : states) {
            Long req = barrierRequests.remove(s.requestId());
            if (req != null) {
                confirmed.add(new Barrier(req, s.readIndex()));
            }
        }
        answerConfirmed(sink);
    }

    private void answerConfirmed(Sink sink) {
        for (Iterator<Barrier> it = confirmed.iterator(); it.hasNext(); ) {
            Barrier b = it.next();
            if (kv.appliedIndex() >= b.readIndex()) {
                it.remove();
                sink.reply(b.request(), new TxnResult.Committed(null));
            }
        }
    }

    /** After entries were applied: starts the engine once the term's no-op is applied. */
    public void afterApply(long nowMs) {
        if (engine == null && termStartIndex >= 0 && kv.appliedIndex() >= termStartIndex) {
            clock.forward(kv.lastCommitTs());
            engine = new TxnEngine(config, clock, kv.versions(), kv::committedAt, origin, groupId, nowMs, breaks);
            termStartIndex = -1;
        }
    }

    /** An entry was applied with {@code result}: the transaction whose locks covered it is done. */
    public void applied(KvResult result) {
        if (result == null || result.commitTs() == null) {
            return;
        }
        // Followers too: the next leader's clock must run ahead of every applied commit.
        if (result.commitTs().after(clock.last())) {
            clock.forward(result.commitTs());
        }
        if (engine != null && result.txn() != null) {
            engine.applied(result.txn(), result.commitTs());
        }
    }

    /** Time passes: lock timeouts, silent clients, and a bounded step of version garbage collection. */
    public void tick(long nowMs) {
        Timestamp horizon;
        if (engine != null) {
            engine.tick(nowMs);
            horizon = engine.gcHorizon();
        } else {
            long wall = Math.max(0, clock.last().wallMicros() - config.versionRetentionMs() * 1000);
            horizon = new Timestamp(wall, 0);
        }
        kv.gc(horizon, GC_KEYS_PER_TICK);
    }

    /**
     * A single write (an encoded put, delete or compare-and-set): takes its key's lock, then
     * is proposed. Only while {@link #engine()} is not null.
     *
     * @throws IllegalArgumentException if {@code command} is not a single-key command
     */
    public void singleWrite(long requestId, byte[] command) {
        engine.autocommit(requestId, List.of(KvCommands.keyOf(command)), new SingleWrite(requestId, command));
    }

    /**
     * Hands out the engine's answers and proposes its commits, about {@link #PROPOSE_BYTES_PER_DRAIN}
     * of log entries at most; repeats while that produces more.
     */
    public void drain(Sink sink) {
        long budget = PROPOSE_BYTES_PER_DRAIN;
        while (engine != null) {
            for (TxnReply reply : engine.takeReplies()) {
                if (reply.result() instanceof TxnResult.Committed c && c.commitTs() == null) {
                    confirmLeadership(reply.requestId(), sink);
                } else {
                    sink.reply(reply.requestId(), reply.result());
                }
            }
            for (Proposal p : engine.takeProposals()) {
                outgoing.add(new Outgoing(p, config.commitEntryBytes()));
            }
            budget = proposeOutgoing(sink, budget);
            if (!engine.hasEffects()) {
                break;
            }
        }
    }

    /**
     * Confirms this node still leads (a read index) and then answers {@code request} with
     * {@code Committed(null)}, or with 40001 if it no longer leads: what the first request of a
     * read-only transaction waits for, so that its snapshot is linearizable without a separate
     * commit round.
     */
    public void confirm(long request, Sink sink) {
        confirmLeadership(request, sink);
    }

    private void confirmLeadership(long request, Sink sink) {
        long leaseFrom = lease == null ? -1 : raft.leaseStartTick();
        if (leaseFrom >= 0 && lease.withinLease(leaseFrom)) {
            // No other leader can exist yet: the read is good at the commit index once applied.
            leaseReads++;
            confirmed.add(new Barrier(request, raft.commitIndex()));
            answerConfirmed(sink);
            return;
        }
        long id = nextBarrier--;
        try {
            raft.readIndex(id);
            barrierRequests.put(id, request);
        } catch (NotLeaderException e) {
            sink.reply(request, new TxnResult.Failed(SqlState.SERIALIZATION_FAILURE, "this node no longer leads"
                + " group " + groupId + "; the transaction wrote nothing, retry it", true));
        }
    }

    /**
     * Proposes what is waiting, in commit timestamp order, until about {@code budget} bytes went
     * out; returns what is left of the budget. A commit of many entries may thus span several
     * drains, and the commits after it wait behind it, so that no commit entry is ever proposed
     * between another's stages and its commit (its timestamp would precede theirs).
     */
    private long proposeOutgoing(Sink sink, long budget) {
        while (!outgoing.isEmpty() && budget > 0) {
            Outgoing o = outgoing.peek();
            try {
                while (o.entries.hasNext() && budget > 0) {
                    if (o.index != 0 && raft.lastIndex() - raft.commitIndex() >= UNCOMMITTED_ENTRIES_FOR_STAGES_MAX) {
                        return budget; // the rest of this staged commit follows as entries commit
                    }
                    byte[] command = o.entries.next();
                    o.index = raft.propose(command);
                    budget -= command.length;
                }
            } catch (NotLeaderException e) {
                // Stage entries already proposed are dropped by every replica once a later term applies.
                for (Outgoing failed : outgoing) {
                    engine.proposalFailed(failed.proposal.txn());
                    if (failed.proposal.attachment() instanceof SingleWrite single) {
                        sink.notLeader(single.request(), e.leaderHint());
                    }
                }
                outgoing.clear();
                return budget;
            }
            if (!o.entries.hasNext()) {
                outgoing.poll();
                if (o.proposal.attachment() instanceof SingleWrite single) {
                    sink.proposed(single.request(), o.index, raft.term());
                }
            }
        }
        return budget;
    }

    /** The engine's counters, or null while this replica does not lead. */
    public TxnStats stats() {
        return engine == null ? null : engine.stats();
    }

    /** A number unique to a node name, part of every transaction id the node makes. */
    public static long originOf(String nodeName) {
        long h = 0xcbf29ce484222325L;
        for (byte b : nodeName.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h & Long.MAX_VALUE;
    }
}
