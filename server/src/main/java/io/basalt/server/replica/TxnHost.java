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
import java.util.List;
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
    /** Once the replica stopped on a log fault: the SQLSTATE its transactions end with. */
    private String haltSqlState;

    TxnHost(long groupId, NodeConfig config, RaftNode raft, KvStateMachine kv, ClientWaiters waiters, HybridClock clock,
            GroupTxns.LeaseClock lease) {
        this.groupId = groupId;
        this.config = config;
        this.waiters = waiters;
        this.raft = raft;
        this.txns = new GroupTxns(groupId, GroupTxns.originOf(config.id().value()), config.txn(), raft, kv, clock,
            Set.of(), lease);
    }

    void onSoftState(SoftState s) {
        txns.onRole(s.role(), s.term(), "node " + config.id() + " stopped leading group " + groupId, this);
    }

    void afterApply(List<io.basalt.raft.ReadState> readStates) {
        txns.afterApply(nowMs());
        txns.readStates(readStates, this);
    }

    void applied(KvResult result) {
        txns.applied(result);
    }

    void tick() {
        txns.tick(nowMs());
    }

    /**
     * The replica stopped (a failed log write): what was open here is over. A transaction that
     * was waiting for an answer is told it was rolled back with {@code sqlState} (the log
     * fault's), not as a plain leader change; one whose commit was in flight is told its outcome
     * is unknown, as after a crash, since its entry may have reached the followers.
     */
    void halt(String why, String sqlState) {
        haltSqlState = sqlState;
        txns.close(why, this);
    }

    /**
     * The answer of a stopped replica. A transaction begun here, by this node as leader, ended
     * with it: a step of it is answered as rolled back with the fault's SQLSTATE, so its client
     * learns why. A commit (its outcome may be known to the new leader), an abort, or anything
     * else is refused with WRITES_STOPPED, and the client tries another node.
     */
    ClientResponse.Builder stoppedAnswer(NodeProto.ClientRequest request, String why, String sqlState) {
        if (sqlState != null && request.hasTxn() && endedHere(request.getTxn())) {
            return ClientResponse.newBuilder().setTxn(NodeProto.TxnReply.newBuilder().setFailed(
                NodeProto.TxnFailed.newBuilder().setSqlState(sqlState).setAborted(true)
                    .setMessage("the transaction was rolled back: " + why)));
        }
        return Responses.error(Code.WRITES_STOPPED, why, sqlState);
    }

    private boolean endedHere(NodeProto.TxnRequest q) {
        List<NodeProto.TxnRequest> steps = q.getOpCase() == NodeProto.TxnRequest.OpCase.STEPS
            ? q.getSteps().getStepsList() : List.of(q);
        if (steps.isEmpty() || steps.getFirst().getOpCase() == NodeProto.TxnRequest.OpCase.BEGIN) {
            return false;
        }
        for (NodeProto.TxnRequest step : steps) {
            if (step.getOpCase() == NodeProto.TxnRequest.OpCase.COMMIT
                || step.getOpCase() == NodeProto.TxnRequest.OpCase.ABORT) {
                return false;
            }
        }
        NodeProto.TxnHandle handle = q.hasTxn() ? q.getTxn() : steps.getFirst().getTxn();
        try {
            return TxnWire.decode(handle).origin() == GroupTxns.originOf(config.id().value());
        } catch (WireException | IllegalArgumentException e) {
            return false;
        }
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
        if (q.getOpCase() == NodeProto.TxnRequest.OpCase.STEPS) {
            runSteps(q, r);
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
            case GET -> engine.get(id, txn, q.getGet().getKey().toByteArray(), q.getGet().getForUpdate(),
                TxnWire.decode(q.getGet().getWait()));
            case PUT -> engine.put(id, txn, q.getPut().getKey().toByteArray(), q.getPut().getValue().toByteArray());
            case DELETE -> engine.delete(id, txn, q.getDelete().getKey().toByteArray());
            case SCAN -> engine.scan(id, txn, range, q.getScan().getLimit(), TxnWire.decode(q.getScan().getWait()));
            case COMMIT -> engine.commit(id, txn);
            case ABORT -> engine.abort(id, txn);
            case HEARTBEAT -> engine.heartbeat(id, txn);
            case STEPS, OP_NOT_SET -> responders.remove(id).reply(Responses.error(Code.INVALID,
                "transaction request without an operation"));
        }
    }

    /** Checks a {@link NodeProto.TxnSteps} request, then runs its steps one after another. */
    private void runSteps(NodeProto.TxnRequest q, Responder r) {
        List<NodeProto.TxnRequest> steps = q.getSteps().getStepsList();
        String invalid = null;
        if (steps.isEmpty()) {
            invalid = "a steps request without steps";
        }
        for (int i = 0; i < steps.size() && invalid == null; i++) {
            NodeProto.TxnRequest.OpCase op = steps.get(i).getOpCase();
            if (op == NodeProto.TxnRequest.OpCase.STEPS || op == NodeProto.TxnRequest.OpCase.OP_NOT_SET) {
                invalid = "step " + i + " of a steps request is " + (op == NodeProto.TxnRequest.OpCase.STEPS
                    ? "itself a steps request" : "empty");
            } else if (op == NodeProto.TxnRequest.OpCase.BEGIN && i > 0) {
                invalid = "begin can only be the first step";
            }
        }
        boolean begins = invalid == null && steps.getFirst().getOpCase() == NodeProto.TxnRequest.OpCase.BEGIN;
        if (invalid == null && !begins && !q.hasTxn() && !steps.stream().allMatch(NodeProto.TxnRequest::hasTxn)) {
            invalid = "steps of a transaction that is not begun in the request need its handle";
        }
        if (invalid != null) {
            r.reply(Responses.error(Code.INVALID, invalid));
            return;
        }
        int from = 0;
        if (!begins && steps.getLast().getOpCase() == NodeProto.TxnRequest.OpCase.COMMIT) {
            try {
                TxnId id = TxnWire.decode(steps.getLast().hasTxn() ? steps.getLast().getTxn() : q.getTxn());
                if (!txns.engine().isOpen(id)) {
                    from = steps.size() - 1; // a resent commit: only its outcome is wanted
                }
            } catch (WireException | IllegalArgumentException e) {
                r.reply(Responses.error(Code.INVALID, e.getMessage()));
                return;
            }
        }
        new StepRun(steps, from, q.hasTxn() ? q.getTxn() : null, q.getSteps().getConfirmLeadership(), r).runNext();
    }

    /**
     * The run of one steps request: each step is handled as if it had come alone, with a
     * responder that records its answer and starts the next step, so a step that waits (for a
     * lock, a snapshot, a commit) holds back the rest.
     */
    private final class StepRun {
        private final List<NodeProto.TxnRequest> steps;
        private final Responder out;
        private final boolean confirm;
        private final NodeProto.TxnStepReplies.Builder replies = NodeProto.TxnStepReplies.newBuilder();
        private NodeProto.TxnHandle handle;
        private int next;

        StepRun(List<NodeProto.TxnRequest> steps, int from, NodeProto.TxnHandle handle, boolean confirm,
                Responder out) {
            this.steps = steps;
            this.next = from;
            this.handle = handle;
            this.confirm = confirm;
            this.out = out;
        }

        void runNext() {
            NodeProto.TxnRequest step = steps.get(next++);
            if (!step.hasTxn() && step.getOpCase() != NodeProto.TxnRequest.OpCase.BEGIN) {
                step = step.toBuilder().setTxn(handle).build();
            }
            handle(step, this::answered);
        }

        private void answered(ClientResponse.Builder response) {
            if (!response.hasTxn()) {
                // Not led here any more, not ready, invalid: the request as a whole gets that answer.
                out.reply(response);
                return;
            }
            NodeProto.TxnReply reply = response.getTxn();
            replies.addReplies(reply);
            if (reply.hasBegan()) {
                handle = reply.getBegan().getTxn();
            }
            if (reply.hasFailed() || reply.hasUnknown()) {
                answer();
            } else if (next < steps.size()) {
                runNext();
            } else if (confirm) {
                txns.confirm(register(this::confirmed), TxnHost.this);
            } else {
                answer();
            }
        }

        private void confirmed(ClientResponse.Builder response) {
            if (!response.hasTxn()) {
                out.reply(response);
                return;
            }
            if (response.getTxn().hasFailed()) {
                // Not led here any more: the snapshot read may be stale, so it counts as failed.
                replies.setReplies(replies.getRepliesCount() - 1, response.getTxn());
            }
            answer();
        }

        private void answer() {
            out.reply(ClientResponse.newBuilder().setTxn(NodeProto.TxnReply.newBuilder().setSteps(replies)));
        }
    }

    void drain() {
        txns.drain(this);
    }

    TxnStats stats() {
        return txns.stats();
    }

    long leaseReads() {
        return txns.leaseReads();
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
        } else if (haltSqlState != null && result instanceof TxnResult.Failed f
            && SqlState.SERIALIZATION_FAILURE.equals(f.sqlState())) {
            r.reply(ClientResponse.newBuilder().setTxn(TxnWire.encode(new TxnResult.Failed(haltSqlState, f.message(),
                true))));
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
