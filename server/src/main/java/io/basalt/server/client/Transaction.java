package io.basalt.server.client;

import com.google.protobuf.ByteString;
import io.basalt.common.SqlState;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.ClientRequest;
import io.basalt.server.proto.NodeProto.ClientResponse;
import io.basalt.server.wire.TxnWire;
import io.basalt.server.wire.WireException;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An interactive transaction on the group's leader. Operations are sent one at a time; each
 * returns its result or throws {@link ClientException} with the server's SQLSTATE. When the
 * exception says {@link ClientException#transactionAborted()} (deadlock victim 40P01, leader
 * change 40001, lock timeout 55P03, ...) the transaction is over and may be retried whole.
 * {@link #close()} aborts a transaction that was neither committed nor aborted.
 *
 * <p>Not thread-safe: one transaction is one sequence of steps.
 */
public final class Transaction implements AutoCloseable {
    /** Pause between asking a new leader for a commit's outcome. */
    private static final long OUTCOME_RETRY_MS = 50;

    private final Endpoints endpoints;
    private final Duration timeout;
    private final long groupId;
    private final TxnId id;
    private final Timestamp readTs;
    private boolean finished;

    Transaction(Endpoints endpoints, Duration timeout, long groupId, TxnId id, Timestamp readTs) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.groupId = groupId;
        this.id = id;
        this.readTs = readTs;
    }

    /** Begins a transaction through any node of the cluster (the leader serves it). */
    static Transaction begin(Endpoints endpoints, Duration timeout, long groupId, boolean readOnly,
                             io.basalt.txn.Isolation isolation) throws ClientException {
        NodeProto.TxnRequest.Builder q = NodeProto.TxnRequest.newBuilder().setBegin(NodeProto.TxnBegin.newBuilder()
            .setReadOnly(readOnly).setIsolation(TxnWire.encode(isolation)));
        NodeProto.TxnReply r = send(endpoints, timeout, groupId, q, "begin");
        if (!r.hasBegan()) {
            throw unexpected("begin", r);
        }
        try {
            Timestamp readTs = r.getBegan().hasReadTs() ? TxnWire.decode(r.getBegan().getReadTs()) : null;
            return new Transaction(endpoints, timeout, groupId, TxnWire.decode(r.getBegan().getTxn()), readTs);
        } catch (WireException e) {
            throw new ClientException("the server sent an invalid transaction handle: " + e.getMessage(), false);
        }
    }

    public TxnId id() {
        return id;
    }

    /** The snapshot a read-only transaction reads, or null for a read-write one. */
    public Timestamp readTs() {
        return readTs;
    }

    /** The value of {@code key} as this transaction sees it, or null. */
    public byte[] get(byte[] key) throws ClientException {
        return get(key, false);
    }

    /**
     * Reads {@code key} under an exclusive lock, as SELECT ... FOR UPDATE does: a transaction
     * that reads a key to write it next takes the write lock at once, so two of them queue
     * instead of deadlocking on a lock upgrade.
     */
    public byte[] getForUpdate(byte[] key) throws ClientException {
        return get(key, true);
    }

    private byte[] get(byte[] key, boolean forUpdate) throws ClientException {
        NodeProto.TxnReply r = step(NodeProto.TxnRequest.newBuilder()
            .setGet(NodeProto.TxnGet.newBuilder().setKey(ByteString.copyFrom(key)).setForUpdate(forUpdate)), "get");
        if (!r.hasValue()) {
            throw unexpected("get", r);
        }
        return r.getValue().getFound() ? r.getValue().getValue().toByteArray() : null;
    }

    public void put(byte[] key, byte[] value) throws ClientException {
        expectDone(step(NodeProto.TxnRequest.newBuilder().setPut(NodeProto.TxnPut.newBuilder()
            .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value))), "put"), "put");
    }

    public void delete(byte[] key) throws ClientException {
        expectDone(step(NodeProto.TxnRequest.newBuilder().setDelete(NodeProto.TxnDelete.newBuilder()
            .setKey(ByteString.copyFrom(key))), "delete"), "delete");
    }

    /** Keys {@code start <= k < end} ({@code end} null: no bound), at most {@code limit} (0: the server's maximum). */
    public List<Row> scan(byte[] start, byte[] end, int limit) throws ClientException {
        NodeProto.TxnScan.Builder s = NodeProto.TxnScan.newBuilder().setStart(ByteString.copyFrom(start))
            .setLimit(Math.max(0, limit));
        if (end == null) {
            s.setUnbounded(true);
        } else {
            s.setEnd(ByteString.copyFrom(end));
        }
        NodeProto.TxnReply r = step(NodeProto.TxnRequest.newBuilder().setScan(s), "scan");
        if (!r.hasRows()) {
            throw unexpected("scan", r);
        }
        List<Row> rows = new ArrayList<>(r.getRows().getRowsCount());
        for (NodeProto.TxnRow row : r.getRows().getRowsList()) {
            rows.add(new Row(row.getKey().toByteArray(), row.getValue().toByteArray()));
        }
        return rows;
    }

    /**
     * Commits; returns the commit timestamp (null if nothing was written). If the leader changes
     * while the commit is in flight, asks the new leader until the outcome is known or the
     * timeout passes (then the exception says the outcome is unknown).
     */
    public Timestamp commit() throws ClientException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // A commit without an answer may have been applied: Call says so in its exception.
            NodeProto.TxnReply r = step(NodeProto.TxnRequest.newBuilder()
                .setCommit(NodeProto.TxnCommit.getDefaultInstance()), "commit");
            if (r.hasCommitted()) {
                finished = true;
                try {
                    return r.getCommitted().hasCommitTs() ? TxnWire.decode(r.getCommitted().getCommitTs()) : null;
                } catch (WireException e) {
                    throw new ClientException("the server sent an invalid commit timestamp: " + e.getMessage(), false);
                }
            }
            if (!r.hasUnknown()) {
                throw unexpected("commit", r);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ClientException("the outcome of " + id + " is unknown: " + r.getUnknown(), true);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(OUTCOME_RETRY_MS));
        }
    }

    /** Rolls back; answered idempotently (aborting an aborted transaction is fine). */
    public void abort() throws ClientException {
        NodeProto.TxnReply r = step(NodeProto.TxnRequest.newBuilder().setAbort(NodeProto.TxnAbort.getDefaultInstance()),
            "abort");
        finished = true;
        if (r.hasCommitted()) {
            throw new ClientException("transaction " + id + " had already committed; it cannot be rolled back", null,
                false);
        }
    }

    /** Tells the leader this client is still here (an idle transaction is aborted after the heartbeat timeout). */
    public void heartbeat() throws ClientException {
        expectDone(step(NodeProto.TxnRequest.newBuilder().setHeartbeat(NodeProto.TxnHeartbeat.getDefaultInstance()),
            "heartbeat"), "heartbeat");
    }

    /** Aborts unless committed or aborted already; errors are ignored (the server times it out anyway). */
    @Override
    public void close() {
        if (!finished) {
            try {
                abort();
            } catch (ClientException ignored) {
                // The transaction ends on the server by its heartbeat timeout.
            }
        }
    }

    private NodeProto.TxnReply step(NodeProto.TxnRequest.Builder q, String what) throws ClientException {
        NodeProto.TxnReply r = send(endpoints, timeout, groupId, q.setTxn(TxnWire.encode(id)), what);
        NodeProto.TxnRequest.OpCase op = q.getOpCase();
        boolean statement = op == NodeProto.TxnRequest.OpCase.GET || op == NodeProto.TxnRequest.OpCase.PUT
            || op == NodeProto.TxnRequest.OpCase.DELETE || op == NodeProto.TxnRequest.OpCase.SCAN;
        if (statement && r.hasFailed() && !r.getFailed().getAborted()
            && SqlState.INVALID_TRANSACTION_STATE.equals(r.getFailed().getSqlState())) {
            // The leader still runs an earlier copy of this step (sent again after a lost
            // connection): its effect is unknown, so the transaction cannot go on safely.
            finished = true;
            try {
                send(endpoints, timeout, groupId, NodeProto.TxnRequest.newBuilder().setTxn(TxnWire.encode(id))
                    .setAbort(NodeProto.TxnAbort.getDefaultInstance()), "abort");
            } catch (ClientException ignored) {
                // The leader ends it by its heartbeat timeout.
            }
            throw new ClientException(what + " of " + id + " was sent again while the first copy still ran; the"
                + " transaction was rolled back, retry it [SQLSTATE " + SqlState.SERIALIZATION_FAILURE + "]",
                SqlState.SERIALIZATION_FAILURE, true);
        }
        if (r.hasFailed() && r.getFailed().getAborted()) {
            finished = true;
        }
        if (r.hasFailed()) {
            throw new ClientException(r.getFailed().getMessage() + " [SQLSTATE " + r.getFailed().getSqlState() + "]",
                r.getFailed().getSqlState(), r.getFailed().getAborted());
        }
        return r;
    }

    private static NodeProto.TxnReply send(Endpoints endpoints, Duration timeout, long groupId,
                                           NodeProto.TxnRequest.Builder q, String what) throws ClientException {
        NodeProto.TxnRequest.OpCase op = q.getOpCase();
        boolean commit = op == NodeProto.TxnRequest.OpCase.COMMIT;
        // Steps that may wait for a lock wait for their answer; begin and commit move on to
        // another node when one is silent (a new leader begins, or knows the commit's outcome).
        boolean patient = !commit && op != NodeProto.TxnRequest.OpCase.BEGIN;
        ClientResponse r = new Call(endpoints, timeout, commit, patient).run(ClientRequest.newBuilder().setGroupId(groupId)
            .setTxn(q));
        if (!r.hasTxn()) {
            throw new ClientException(what + " failed: " + Call.describe(r), false);
        }
        NodeProto.TxnReply reply = r.getTxn();
        if (reply.hasFailed() && q.getOpCase() == NodeProto.TxnRequest.OpCase.BEGIN) {
            throw new ClientException(reply.getFailed().getMessage() + " [SQLSTATE " + reply.getFailed().getSqlState()
                + "]", reply.getFailed().getSqlState(), true);
        }
        return reply;
    }

    private static void expectDone(NodeProto.TxnReply r, String what) throws ClientException {
        if (!r.hasDone()) {
            throw unexpected(what, r);
        }
    }

    private static ClientException unexpected(String what, NodeProto.TxnReply r) {
        return new ClientException("unexpected answer to " + what + ": " + r.getOutcomeCase(), false);
    }
}
