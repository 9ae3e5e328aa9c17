package io.basalt.sim.node;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.basalt.common.NodeId;
import io.basalt.kv.GroupTxns;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.RaftNode;
import io.basalt.raft.RaftRole;
import io.basalt.sim.txn.Step;
import io.basalt.sim.txn.TxnAnswer;
import io.basalt.sim.txn.TxnCall;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.engine.TxnEngine;
import io.basalt.txn.engine.TxnResult;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A node's transaction desk: hands client steps to the leader's engine (through
 * {@link GroupTxns}) and sends the engine's answers back. A follower answers NOT_LEADER; a
 * leader that has not caught up answers RETRY. Memory only: a crash forgets it.
 *
 * <p>With the {@code follower-read} break, a follower serves read-only transactions itself
 * from whatever it has applied, with no snapshot timestamp: the stale reads the checkers must
 * catch.
 */
final class TxnDesk implements GroupTxns.Sink {
    private final BiConsumer<Integer, TxnAnswer> send;
    private final boolean followerReads;
    private final Map<Long, TxnCall> calls = new HashMap<>();
    private long nextRequest = 1;

    TxnDesk(BiConsumer<Integer, TxnAnswer> send, boolean followerReads) {
        this.send = send;
        this.followerReads = followerReads;
    }

    void clear() {
        calls.clear();
    }

    void onCall(TxnCall c, RaftNode node, GroupTxns txns, KvStateMachine kv) {
        if (node.role() != RaftRole.LEADER) {
            if (followerReads && servedLocally(c, node, kv)) {
                return;
            }
            send.accept(c.clientAddress(), new TxnAnswer(c.callId(), c.attempt(), TxnAnswer.Status.NOT_LEADER, null,
                ClientDesk.address(node.leader())));
            return;
        }
        TxnEngine engine = txns.engine();
        if (engine == null) {
            send.accept(c.clientAddress(), new TxnAnswer(c.callId(), c.attempt(), TxnAnswer.Status.RETRY, null, -1));
            return;
        }
        long id = nextRequest++;
        calls.put(id, c);
        TxnId t = c.txn();
        switch (c.step()) {
            case Step.Begin b -> engine.begin(id, b.readOnly(), io.basalt.txn.Isolation.SERIALIZABLE);
            case Step.Get g -> engine.get(id, t, g.key().getBytes(UTF_8));
            case Step.Put p -> engine.put(id, t, p.key().getBytes(UTF_8), p.value());
            case Step.Scan s -> engine.scan(id, t, new KeyRange(s.start().getBytes(UTF_8), s.end().getBytes(UTF_8)), 0);
            case Step.Commit x -> engine.commit(id, t);
            case Step.Abort x -> engine.abort(id, t);
        }
    }

    /** The broken follower read: a read-only transaction served from this replica's latest state. */
    private boolean servedLocally(TxnCall c, RaftNode node, KvStateMachine kv) {
        TxnResult r = switch (c.step()) {
            case Step.Begin b when b.readOnly() -> new TxnResult.Began(new TxnId(new Timestamp(0, 0), -1), Timestamp.MIN);
            case Step.Get g when isLocal(c) -> new TxnResult.Value(kv.get(g.key().getBytes(UTF_8)));
            case Step.Scan s when isLocal(c) -> new TxnResult.Rows(kv.versions().scan(new KeyRange(
                s.start().getBytes(UTF_8), s.end().getBytes(UTF_8)), Timestamp.MAX, Integer.MAX_VALUE));
            case Step.Commit x when isLocal(c) -> new TxnResult.Committed(null);
            default -> null;
        };
        if (r == null) {
            return false;
        }
        send.accept(c.clientAddress(), new TxnAnswer(c.callId(), c.attempt(), TxnAnswer.Status.OK, r, -1));
        return true;
    }

    private static boolean isLocal(TxnCall c) {
        return c.txn() != null && c.txn().origin() == -1;
    }

    @Override
    public void reply(long requestId, TxnResult result) {
        TxnCall c = calls.remove(requestId);
        if (c != null) {
            send.accept(c.clientAddress(), new TxnAnswer(c.callId(), c.attempt(), TxnAnswer.Status.OK, result, -1));
        }
    }

    @Override
    public void proposed(long requestId, long index, long term) {
        // Simulated clients send no single writes through the engine.
    }

    @Override
    public void notLeader(long requestId, NodeId leaderHint) {
        TxnCall c = calls.remove(requestId);
        if (c != null) {
            send.accept(c.clientAddress(), new TxnAnswer(c.callId(), c.attempt(), TxnAnswer.Status.NOT_LEADER, null,
                ClientDesk.address(leaderHint)));
        }
    }
}
