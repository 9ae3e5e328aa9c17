package io.basalt.raft;

import java.util.ArrayDeque;

/**
 * Linearizable reads on the leader (Raft §6.4). A read is held until an entry of the leader's
 * term has committed (so the commit index is at least every acknowledged write), then takes
 * the commit index as its read index and waits for a quorum to echo a heartbeat round started
 * after it; with a valid lease it is answered at once.
 */
final class ReadQueue {
    private record Pending(long requestId, long index, long round) {}

    private final RaftNode node;
    private final Leader leader;
    private final ArrayDeque<Long> awaitingCommit = new ArrayDeque<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /**
     * The round started for reads whose heartbeats are still in the outbox (not yet handed out
     * in a Ready), or -1. A read that arrives meanwhile joins it: the heartbeats leave after it
     * arrived, so an echo proves leadership after it as well as after the read that started the
     * round. Many clients' reads that reach one loop iteration thus cost one heartbeat round.
     */
    private long unsentRound = -1;

    ReadQueue(RaftNode node, Leader leader) {
        this.node = node;
        this.leader = leader;
    }

    void add(long requestId) {
        if (!leader.committedInTerm()) {
            awaitingCommit.addLast(requestId);
            return;
        }
        serve(requestId);
    }

    private void serve(long requestId) {
        long commit = node.log.commitIndex();
        if (node.config.readMode() == ReadMode.LEASE && leaseValid()) {
            node.outReadStates.add(new ReadState(requestId, commit));
            return;
        }
        if (unsentRound >= 0 && unsentRound == leader.round()) {
            pending.addLast(new Pending(requestId, commit, unsentRound));
            release(); // a group of one has echoed its own round already
            return;
        }
        long round = leader.newRound();
        unsentRound = round;
        pending.addLast(new Pending(requestId, commit, round));
        leader.broadcastHeartbeat(round);
        release();
    }

    /** The outbox was handed out: rounds started before now are on their way. */
    void handedOut() {
        unsentRound = -1;
    }

    /** The first entry of the leader's term committed: held reads may take their read index. */
    void onCommit() {
        if (!leader.committedInTerm()) {
            return;
        }
        while (!awaitingCommit.isEmpty()) {
            serve(awaitingCommit.removeFirst());
        }
    }

    /** Answers every read whose round a quorum has echoed. */
    void release() {
        long acked = leader.quorumAckedRound();
        while (!pending.isEmpty() && pending.peekFirst().round() <= acked) {
            Pending p = pending.removeFirst();
            node.outReadStates.add(new ReadState(p.requestId(), p.index()));
        }
    }

    /**
     * A quorum acknowledged a round that started less than {@code leaseTicks} ago, and nothing
     * lets another leader be elected meanwhile ({@link Leader#leaseStartTick()}: no forced or
     * transfer elections). Voters that acknowledged ignore elections for
     * {@code electionTimeoutTicksMin} after receiving it, which is longer, so no other leader can
     * exist yet (given bounded clock drift; a node's driver that knows real time checks the
     * lease against it instead, see {@link RaftNode#leaseStartTick()}).
     */
    boolean leaseValid() {
        if (node.config.broken(ProtocolBreak.LEASE_READ_WITHOUT_CHECK_QUORUM)) {
            return true;
        }
        long start = leader.leaseStartTick();
        return start >= 0 && node.now - start < node.config.leaseTicks();
    }
}
