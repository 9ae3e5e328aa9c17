package io.basalt.raft;

import io.basalt.common.Invariants;
import java.util.ArrayDeque;

/**
 * The leader's replication state for one other replica.
 *
 * <p>States: {@code PROBE} sends one append at a time and waits for its answer (after a
 * rejection or at start); {@code REPLICATE} pipelines up to {@code inflightAppendsMax}
 * appends, advancing {@code next} optimistically; {@code SNAPSHOT} waits for the replica to
 * install a snapshot because its next entry is compacted away.
 */
final class Progress {
    enum State { PROBE, REPLICATE, SNAPSHOT }

    long match;
    long next;
    State state = State.PROBE;
    /** In PROBE: an append is outstanding, wait for its answer or the next heartbeat. */
    boolean probeSent;
    /** In REPLICATE: last index of each append in flight, oldest first. */
    final ArrayDeque<Long> inflight = new ArrayDeque<>();
    long pendingSnapshot;
    long snapshotSentTick;
    /** The tick of the last message from this replica in the current term (check-quorum). */
    long lastHeardTick;
    /** Highest heartbeat round this replica acknowledged in the current term. */
    long ackedRound;
    /** The tick at which the leader started round {@link #ackedRound}, for leases; -1 if none. */
    long ackedSendTick = -1;
    /** The heartbeat round of the answer that last advanced {@link #match}. */
    long matchRound;
    /** The tick of the last window probe; at most one per heartbeat interval. */
    long windowProbeTick = Long.MIN_VALUE / 2;

    Progress(long next) {
        this.next = next;
    }

    void becomeProbe() {
        state = State.PROBE;
        probeSent = false;
        inflight.clear();
        next = Math.max(next, match + 1);
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        inflight.clear();
        next = match + 1;
    }

    /**
     * The replica no longer holds entries after {@code last} although it acknowledged them:
     * its disk lost a tail it had reported durable. Match falls back so the entries are sent
     * again; the commit index, already advanced, does not.
     */
    void lostTail(long last) {
        match = Math.min(match, last);
        next = last + 1;
        becomeProbe();
    }

    void becomeSnapshot(long index, long tick) {
        state = State.SNAPSHOT;
        inflight.clear();
        pendingSnapshot = index;
        snapshotSentTick = tick;
    }

    /** True if a new append may be sent now. */
    boolean paused(int inflightMax) {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflight.size() >= inflightMax;
            case SNAPSHOT -> true;
        };
    }

    /** An append ending at {@code last} was sent. */
    void sent(long last, boolean hasEntries) {
        switch (state) {
            case PROBE -> probeSent = true;
            case REPLICATE -> {
                if (hasEntries) {
                    next = last + 1;
                    inflight.addLast(last);
                }
            }
            case SNAPSHOT -> Invariants.check(false, "append sent in SNAPSHOT state");
        }
    }

    /**
     * The replica acknowledged entries up to {@code index} in an answer to round {@code round};
     * returns true if match advanced.
     */
    boolean maybeUpdate(long index, long round) {
        boolean advanced = index > match;
        if (advanced) {
            match = index;
            matchRound = round;
            probeSent = false;
        }
        next = Math.max(next, index + 1);
        while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
            inflight.removeFirst();
        }
        return advanced;
    }
}
