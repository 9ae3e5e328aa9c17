package io.basalt.server.replica;

import io.basalt.kv.KvResult;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.Entry;
import io.basalt.raft.ReadState;
import io.basalt.raft.SoftState;
import io.basalt.server.proto.NodeProto.ClientResponse;
import io.basalt.server.proto.NodeProto.Error.Code;
import io.basalt.server.transport.Responder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Clients waiting on one group: writes until their entry is applied, reads until their read
 * index is confirmed and applied, admin commands until the role they asked for shows up.
 * Used only on the group's event loop.
 */
final class ClientWaiters {
    private record Proposal(long term, Responder responder) {}

    /** A read of {@code key}, or, with an {@code action}, anything to run once the read index is applied. */
    private record Read(byte[] key, Responder responder, Consumer<KvStateMachine> action) {}

    private record ConfirmedRead(long readIndex, Read read) {}

    private record Await(Predicate<SoftState> until, Function<SoftState, ClientResponse.Builder> answer,
                         Consumer<SoftState> otherwise, long deadlineNanos, String timeoutMessage,
                         Responder responder) {}

    private final TreeMap<Long, Proposal> proposals = new TreeMap<>();
    private final Map<Long, Read> reads = new HashMap<>();
    private final List<ConfirmedRead> confirmed = new ArrayList<>();
    private final List<Await> awaits = new ArrayList<>();

    /** A write was proposed at {@code index} in {@code term}. */
    void proposed(long index, long term, Responder responder) {
        Proposal replaced = proposals.put(index, new Proposal(term, responder));
        if (replaced != null) {
            // The index was reused by a later term on this node: the earlier entry is gone.
            replaced.responder.reply(Responses.error(Code.RETRY, "the write at index " + index
                + " was replaced by a newer leader's log; outcome unknown, retry with the same sequence"));
        }
    }

    /** The committed entry {@code e} was applied; {@code result} is null for non-command entries. */
    void applied(Entry e, KvResult result) {
        failProposalsBelow(e.index());
        Proposal p = proposals.remove(e.index());
        if (p == null) {
            return;
        }
        if (p.term == e.term() && result != null) {
            p.responder.reply(Responses.kv(result));
        } else {
            p.responder.reply(Responses.error(Code.RETRY, "index " + e.index() + " committed an entry of term "
                + e.term() + ", not this write (term " + p.term + "); retry with the same sequence"));
        }
    }

    /** The state machine jumped to {@code index} (a snapshot): writes at or below it cannot be matched. */
    void skippedTo(long index) {
        failProposalsBelow(index + 1);
    }

    private void failProposalsBelow(long index) {
        var skipped = proposals.headMap(index, false);
        skipped.values().forEach(p -> p.responder.reply(Responses.error(Code.RETRY,
            "the write's entry was superseded; outcome unknown, retry with the same sequence")));
        skipped.clear();
    }

    void readRequested(long requestId, byte[] key, Responder responder) {
        reads.put(requestId, new Read(key, responder, null));
    }

    /** Runs {@code action} (which answers {@code responder}) once the read index is confirmed and applied. */
    void readRequested(long requestId, Responder responder, Consumer<KvStateMachine> action) {
        reads.put(requestId, new Read(null, responder, action));
    }

    void readsConfirmed(List<ReadState> states) {
        for (ReadState s : states) {
            Read r = reads.remove(s.requestId());
            if (r != null) {
                confirmed.add(new ConfirmedRead(s.readIndex(), r));
            }
        }
    }

    /** Answers every confirmed read whose read index the state machine has reached. */
    void serveReads(KvStateMachine kv) {
        Iterator<ConfirmedRead> it = confirmed.iterator();
        while (it.hasNext()) {
            ConfirmedRead c = it.next();
            if (c.readIndex <= kv.appliedIndex()) {
                it.remove();
                if (c.read.action != null) {
                    c.read.action.accept(kv);
                    continue;
                }
                byte[] value = kv.get(c.read.key);
                c.read.responder.reply(Responses.kv(KvResult.of(true, value)));
            }
        }
    }

    /**
     * Waits for a role change that satisfies {@code until}, answering with {@code answer};
     * {@code otherwise} sees every change that does not (to try again).
     */
    void await(Predicate<SoftState> until, Function<SoftState, ClientResponse.Builder> answer,
               Consumer<SoftState> otherwise, long timeoutMs, String timeoutMessage, Responder responder) {
        awaits.add(new Await(until, answer, otherwise, System.nanoTime() + timeoutMs * 1_000_000, timeoutMessage,
            responder));
    }

    void softStateChanged(SoftState s) {
        List<Await> missed = new ArrayList<>();
        awaits.removeIf(a -> {
            if (a.until.test(s)) {
                a.responder.reply(a.answer.apply(s));
                return true;
            }
            missed.add(a);
            return false;
        });
        missed.forEach(a -> a.otherwise.accept(s));
    }

    /** Answers admin waits whose deadline passed. */
    void expire(long nowNanos) {
        awaits.removeIf(a -> {
            if (nowNanos - a.deadlineNanos >= 0) {
                a.responder.reply(Responses.error(Code.RETRY, a.timeoutMessage));
                return true;
            }
            return false;
        });
    }

    /** This node stopped leading: pending writes may still commit elsewhere, reads must go there. */
    void leadershipLost(String why) {
        proposals.values().forEach(p -> p.responder.reply(Responses.error(Code.RETRY,
            why + "; the write's outcome is unknown, retry with the same sequence")));
        proposals.clear();
        failReads(Code.RETRY, why);
    }

    /** Answers everyone with {@code code}: the group stopped or the node is shutting down. */
    void failAll(Code code, String message) {
        failAll(code, message, null);
    }

    /**
     * The log failed ({@code sqlState} says how): everyone is answered WRITES_STOPPED, except
     * writes already proposed. Their entries may have reached the followers, and a new leader
     * may commit them, so their outcome is unknown: RETRY, which a client resends with the same
     * sequence to whichever node leads next.
     */
    void logFailed(String message, String sqlState) {
        proposals.values().forEach(p -> p.responder.reply(Responses.error(Code.RETRY, message
            + " The write was pending: it may still commit on the other replicas; retry it with the same sequence",
            sqlState)));
        proposals.clear();
        failAll(Code.WRITES_STOPPED, message, sqlState);
    }

    /** As {@link #failAll(Code, String)}, with the SQLSTATE of the cause (or null). */
    void failAll(Code code, String message, String sqlState) {
        proposals.values().forEach(p -> p.responder.reply(Responses.error(code, message, sqlState)));
        proposals.clear();
        failReads(code, message, sqlState);
        awaits.forEach(a -> a.responder.reply(Responses.error(code, message, sqlState)));
        awaits.clear();
    }

    private void failReads(Code code, String message) {
        failReads(code, message, null);
    }

    private void failReads(Code code, String message, String sqlState) {
        reads.values().forEach(r -> r.responder.reply(Responses.error(code, message, sqlState)));
        reads.clear();
        confirmed.forEach(c -> c.read.responder.reply(Responses.error(code, message, sqlState)));
        confirmed.clear();
    }
}
