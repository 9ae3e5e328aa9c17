package io.basalt.server.replica;

import io.basalt.common.NodeId;
import io.basalt.common.SqlState;
import io.basalt.kv.GroupTxns;
import io.basalt.kv.KvResult;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.RaftNode;
import io.basalt.raft.SoftState;
import io.basalt.server.NodeConfig;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.ClientResponse;
import io.basalt.server.proto.NodeProto.Error.Code;
import io.basalt.server.transport.Responder;
import io.basalt.server.wire.TxnWire;
import io.basalt.server.wire.WireException;
import io.basalt.txn.HybridClock;
import io.basalt.txn.KeyRange;
import io.basalt.txn.TxnId;
import io.basalt.txn.engine.TxnEngine;
import io.basalt.txn.engine.TxnResult;
import io.basalt.txn.engine.TxnStats;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of {@link GroupTxns}: turns transaction requests from clients into engine
 * calls and the engine's answers into responses, on the group's event loop. Requests that
 * arrive while this replica leads but has not caught up are answered RETRY.
 */
final class TxnHost implements GroupTxns.Sink {
    private final long groupId;
    private final NodeConfig config;
    private final ClientWaiters waiters;
    private final RaftNode raft;
    private final GroupTxns txns;
    private final Map<Long, Responder> responders = new HashMap<>();
    /** Requests that are single writes: their failures are answered as errors, not transaction replies. */
    private final Set<Long> singleWrites = new HashSet<>();
    private long nextRequest = 1;

    TxnHost(long groupId, NodeConfig config, RaftNode raft, KvStateMachine kv, ClientWaiters waiters, HybridClock clock) {
        this.groupId = groupId;
        this.config = config;
        this.waiters = waiters;
        this.raft = raft;
        this.txns = new GroupTxns(groupId, GroupTxns.originOf(config.id().value()), config.txn(), raft, kv, clock,
            Set.of());
    }

    void onSoftState(SoftState s) {
        txns.onRole(s.role(), s.term(), "node " + config.id() + " stopped leading group " + groupId, this);
    }

    void afterApply(java.util.List<io.basalt.raft.ReadState> readStates) {
        txns.afterApply(nowMs());
        txns.readStates(readStates, this);
    }

    void applied(KvResult result) {
        txns.applied(result);
    }

    void tick() {
        txns.tick(nowMs());
    }

    /** The replica stopped (a failed log write): what was open here is over. */
    void halt(String why) {
        txns.close(why, this);
    }

    /** A single write: locks its key, then proposes it; answered when it applies. Call only while leading. */
    void autocommit(byte[] command, Responder r) {
        if (notReady(r)) {
            return;
        }
        long id = register(r);
        singleWrites.add(id);
        txns.singleWrite(id, command);
    }

    /** One step of an interactive transaction. Call only while leading. */
    void handle(NodeProto.TxnRequest q, Responder r) {
        if (notReady(r)) {
            return;
        }
        TxnId txn = null;
        KeyRange range = null;
        try {
            if (q.getOpCase() != NodeProto.TxnRequest.OpCase.BEGIN) {
                txn = TxnWire.decode(q.getTxn());
            }
            if (q.getOpCase() == NodeProto.TxnRequest.OpCase.SCAN) {
                NodeProto.TxnScan s = q.getScan();
                range = new KeyRange(s.getStart().toByteArray(), s.getUnbounded() ? null : s.getEnd().toByteArray());
            }
        } catch (WireException | IllegalArgumentException e) {
            r.reply(Responses.error(Code.INVALID, e.getMessage()));
            return;
        }
        TxnEngine engine = txns.engine();
        long id = register(r);
        switch (q.getOpCase()) {
            case BEGIN -> engine.begin(id, q.getBegin().getReadOnly(), TxnWire.decode(q.getBegin().getIsolation()));
            case GET -> engine.get(id, txn, q.getGet().getKey().toByteArray(), q.getGet().getForUpdate());
            case PUT -> engine.put(id, txn, q.getPut().getKey().toByteArray(), q.getPut().getValue().toByteArray());
            case DELETE -> engine.delete(id, txn, q.getDelete().getKey().toByteArray());
            case SCAN -> engine.scan(id, txn, range, q.getScan().getLimit());
            case COMMIT -> engine.commit(id, txn);
            case ABORT -> engine.abort(id, txn);
            case HEARTBEAT -> engine.heartbeat(id, txn);
            case OP_NOT_SET -> responders.remove(id).reply(Responses.error(Code.INVALID,
                "transaction request without an operation"));
        }
    }

    void drain() {
        txns.drain(this);
    }

    TxnStats stats() {
        return txns.stats();
    }

    @Override
    public void reply(long requestId, TxnResult result) {
        Responder r = responders.remove(requestId);
        boolean single = singleWrites.remove(requestId);
        if (r == null) {
            return;
        }
        if (single && result instanceof TxnResult.Failed f && SqlState.SERIALIZATION_FAILURE.equals(f.sqlState())) {
            // Leadership ended while it waited for its lock: nothing was proposed, so the client
            // follows the redirect and sends it again to the new leader.
            NodeId leader = raft.leader();
            r.reply(Responses.notLeader(leader, config.addressOf(leader)));
        } else if (single && result instanceof TxnResult.Failed f) {
            // Its lock was not granted (lock timeout, deadlock): not applied.
            r.reply(Responses.error(Code.CONFLICT, f.message() + " [SQLSTATE " + f.sqlState() + "]"));
        } else {
            r.reply(ClientResponse.newBuilder().setTxn(TxnWire.encode(result)));
        }
    }

    @Override
    public void proposed(long requestId, long index, long term) {
        singleWrites.remove(requestId);
        Responder r = responders.remove(requestId);
        if (r != null) {
            waiters.proposed(index, term, r);
        }
    }

    @Override
    public void notLeader(long requestId, NodeId leaderHint) {
        singleWrites.remove(requestId);
        Responder r = responders.remove(requestId);
        if (r != null) {
            r.reply(Responses.notLeader(leaderHint, config.addressOf(leaderHint)));
        }
    }

    private long register(Responder r) {
        long id = nextRequest++;
        responders.put(id, r);
        return id;
    }

    private boolean notReady(Responder r) {
        if (txns.engine() == null) {
            r.reply(Responses.error(Code.RETRY, "node " + config.id() + " leads group " + groupId
                + " but is still applying its log before serving transactions; retry"));
            return true;
        }
        return false;
    }

    private static long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}
