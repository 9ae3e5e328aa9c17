package io.basalt.server.client;

import com.google.protobuf.ByteString;
import io.basalt.common.SqlState;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.ClientRequest;
import io.basalt.server.proto.NodeProto.ClientResponse;
import io.basalt.server.wire.TxnWire;
import io.basalt.server.wire.WireException;
import io.basalt.txn.LockWait;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** Held writes are sent once they reach this size, well inside a request's limit. */
    static final int HELD_BYTES_MAX = 1 << 20;
    /** Pause between asking a new leader for a commit's outcome. */
    private static final long OUTCOME_RETRY_MS = 50;

    private final Endpoints endpoints;
    private final Duration timeout;
    private final long groupId;
    private final boolean readOnly;
    private final io.basalt.txn.Isolation isolation;
    /** Begun lazily, with writes held until the next request (see {@link #deferred}). */
    private final boolean deferred;
    /** Null while a deferred transaction has not reached the leader yet. */
    private TxnId id;
    private Timestamp readTs;
    private boolean finished;
    /** A read-only transaction whose first request confirmed the leader's leadership. */
    private boolean confirmed;
    /** A deferred transaction's puts and deletes not sent yet: they go with the next request. */
    private final List<NodeProto.TxnRequest> held = new ArrayList<>();
    /** The size of {@link #held}; past {@link #HELD_BYTES_MAX} they are sent at once. */
    private long heldBytes;
    /** The size of every put and delete so far: a commit's time grows with it. */
    private long writtenBytes;
    /** Keys to read with the next request, and what was read for them (null value: absent). */
    private final List<ByteString> prefetch = new ArrayList<>();
    private final Map<ByteString, Optional<byte[]>> prefetched = new HashMap<>();

    private Transaction(Endpoints endpoints, Duration timeout, long groupId, boolean readOnly,
                        io.basalt.txn.Isolation isolation, boolean deferred) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.groupId = groupId;
        this.readOnly = readOnly;
        this.isolation = isolation;
        this.deferred = deferred;
    }

    /** Begins a transaction through any node of the cluster (the leader serves it). */
    static Transaction begin(Endpoints endpoints, Duration timeout, long groupId, boolean readOnly,
                             io.basalt.txn.Isolation isolation) throws ClientException {
        Transaction t = new Transaction(endpoints, timeout, groupId, readOnly, isolation, false);
        NodeProto.TxnReply r = send(endpoints, timeout, groupId, t.beginStep(), "begin");
        t.began(r, "begin");
        return t;
    }

    /**
     * A transaction that sends nothing yet: the begin travels with the first read, puts and
     * deletes wait for the next read or the commit, and one that never read or wrote ends
     * without a request. Each request then carries several steps (see {@code TxnSteps}).
     */
    static Transaction deferred(Endpoints endpoints, Duration timeout, long groupId, boolean readOnly,
                                io.basalt.txn.Isolation isolation) {
        return new Transaction(endpoints, timeout, groupId, readOnly, isolation, true);
    }

    private NodeProto.TxnRequest.Builder beginStep() {
        return NodeProto.TxnRequest.newBuilder().setBegin(NodeProto.TxnBegin.newBuilder()
            .setReadOnly(readOnly).setIsolation(TxnWire.encode(isolation)));
    }

    private void began(NodeProto.TxnReply r, String what) throws ClientException {
        if (!r.hasBegan()) {
            throw unexpected(what, r);
        }
        try {
            readTs = r.getBegan().hasReadTs() ? TxnWire.decode(r.getBegan().getReadTs()) : null;
            id = TxnWire.decode(r.getBegan().getTxn());
        } catch (WireException e) {
            throw new ClientException("the server sent an invalid transaction handle: " + e.getMessage(), false);
        }
    }

    /** The leader's id for this transaction; null while a deferred one has not reached it. */
    public TxnId id() {
        return id;
    }

    /** The snapshot a read-only transaction reads, or null (a read-write one, or not begun yet). */
    public Timestamp readTs() {
        return readTs;
    }

    /**
     * Reads {@code key} along with the next request instead of in one of its own; {@link #get}
     * of it then answers from what was read. Only for a deferred transaction.
     */
    public void prefetch(byte[] key) {
        if (!deferred) {
            throw new IllegalStateException("only a deferred transaction reads ahead");
        }
        ByteString k = ByteString.copyFrom(key);
        if (!prefetched.containsKey(k) && !prefetch.contains(k)) {
            prefetch.add(k);
        }
    }

    /** Whether {@code key} was prefetched and its value has arrived. */
    public boolean prefetchedArrived(byte[] key) {
        return prefetched.containsKey(ByteString.copyFrom(key));
    }

    /** The value of {@code key} as this transaction sees it, or null. */
    public byte[] get(byte[] key) throws ClientException {
        return get(key, false, LockWait.WAIT);
    }

    /**
     * Reads {@code key} under an exclusive lock, as SELECT ... FOR UPDATE does: a transaction
     * that reads a key to write it next takes the write lock at once, so two of them queue
     * instead of deadlocking on a lock upgrade.
     */
    public byte[] getForUpdate(byte[] key) throws ClientException {
        return get(key, true, LockWait.WAIT);
    }

    /**
     * Reads {@code key} under an exclusive lock ({@code forUpdate}) or the shared lock of a
     * SERIALIZABLE read, with {@code wait} deciding what a conflicting holder does: NOWAIT fails
     * with 55P03, SKIP_LOCKED answers null.
     */
    public byte[] get(byte[] key, boolean forUpdate, LockWait wait) throws ClientException {
        ByteString k = ByteString.copyFrom(key);
        Optional<byte[]> early = prefetched.remove(k);
        if (early != null && !forUpdate && wait == LockWait.WAIT) {
            return early.orElse(null);
        }
        prefetch.remove(k); // read now: no need to read it ahead as well
        NodeProto.TxnReply r = step(NodeProto.TxnRequest.newBuilder().setGet(NodeProto.TxnGet.newBuilder()
            .setKey(k).setForUpdate(forUpdate).setWait(TxnWire.encode(wait))), "get");
        if (!r.hasValue()) {
            throw unexpected("get", r);
        }
        return r.getValue().getFound() ? r.getValue().getValue().toByteArray() : null;
    }

    public void put(byte[] key, byte[] value) throws ClientException {
        NodeProto.TxnRequest.Builder q = NodeProto.TxnRequest.newBuilder().setPut(NodeProto.TxnPut.newBuilder()
            .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)));
        write(q, "put", key);
    }

    public void delete(byte[] key) throws ClientException {
        write(NodeProto.TxnRequest.newBuilder().setDelete(NodeProto.TxnDelete.newBuilder()
            .setKey(ByteString.copyFrom(key))), "delete", key);
    }

    private void write(NodeProto.TxnRequest.Builder q, String what, byte[] key) throws ClientException {
        prefetched.remove(ByteString.copyFrom(key)); // what was read early is no longer what it reads
        writtenBytes += key.length + (q.hasPut() ? q.getPut().getValue().size() : 0);
        if (deferred) {
            NodeProto.TxnRequest w = q.build();
            held.add(w);
            heldBytes += w.getSerializedSize();
            if (heldBytes >= HELD_BYTES_MAX) {
                // A bulk write (COPY, INSERT ... SELECT) goes in requests of bounded size.
                run(List.of(), what);
            }
        } else {
            expectDone(step(q, what), what);
        }
    }

    /** Sends held puts and deletes now, so their errors (a lock timeout, a deadlock) surface here. */
    public void flush() throws ClientException {
        if (!held.isEmpty() || (id == null && !prefetch.isEmpty())) {
            run(List.of(), "write");
        }
    }

    /** Keys {@code start <= k < end} ({@code end} null: no bound), at most {@code limit} (0: the server's maximum). */
    public List<Row> scan(byte[] start, byte[] end, int limit) throws ClientException {
        return scan(start, end, limit, LockWait.WAIT);
    }

    /**
     * As {@link #scan(byte[], byte[], int)}, with {@code wait} for the range lock of a
     * SERIALIZABLE scan: NOWAIT fails with 55P03 if it is held, SKIP_LOCKED takes none.
     */
    public List<Row> scan(byte[] start, byte[] end, int limit, LockWait wait) throws ClientException {
        NodeProto.TxnScan.Builder s = NodeProto.TxnScan.newBuilder().setStart(ByteString.copyFrom(start))
            .setLimit(Math.max(0, limit)).setWait(TxnWire.encode(wait));
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
        if (id == null && held.isEmpty()) {
            finished = true; // a deferred transaction that never reached the leader: nothing to end
            return null;
        }
        if (confirmed) {
            // Its reads were confirmed with its first request; all that is left is to let the
            // leader forget its snapshot, which an abort does without another leadership round.
            finished = true;
            endInBackground();
            return null;
        }
        if (id == null) {
            // Begin and commit never share a request: sent again after a lost answer, such a
            // request would begin and commit a second transaction.
            flush();
        }
        long deadline = System.nanoTime() + timeoutOf(NodeProto.TxnRequest.OpCase.COMMIT).toNanos();
        String inDoubt = null;
        while (true) {
            // A commit without an answer may have been applied: Call says so in its exception.
            NodeProto.TxnReply r;
            try {
                r = step(NodeProto.TxnRequest.newBuilder().setCommit(NodeProto.TxnCommit.getDefaultInstance()),
                    "commit");
            } catch (ClientException e) {
                if (inDoubt != null && e.sqlState() == null && !e.outcomeUnknown()) {
                    // A leader said the outcome was unknown; no node could say more since.
                    throw new ClientException("the outcome of " + id + " is unknown: " + inDoubt + "; then: "
                        + e.getMessage(), true, e);
                }
                throw e;
            }
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
            inDoubt = r.getUnknown();
            if (System.nanoTime() - deadline >= 0) {
                throw new ClientException("the outcome of " + id + " is unknown: " + r.getUnknown(), true);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(OUTCOME_RETRY_MS));
        }
    }

    /**
     * Ends a read-only transaction without waiting for the answer: sent on the open connection
     * to the leader, or by a thread of its own when there is none (a leader change). A lost
     * request costs nothing but time: the leader ends the transaction by its heartbeat timeout.
     */
    private void endInBackground() {
        NodeProto.TxnRequest.Builder q = NodeProto.TxnRequest.newBuilder().setTxn(TxnWire.encode(id))
            .setAbort(NodeProto.TxnAbort.getDefaultInstance());
        Connection c = endpoints.connectedOrNull(endpoints.leaderOrFirst());
        if (c != null) {
            try {
                c.send(ClientRequest.newBuilder().setGroupId(groupId).setTxn(q));
                return;
            } catch (RuntimeException notSent) {
                // fall back to a call that finds the leader
            }
        }
        Thread.ofVirtual().name("txn-end").start(() -> {
            try {
                send(endpoints, timeout, groupId, q, "abort");
            } catch (ClientException ignored) {
                // The leader ends it by its heartbeat timeout.
            }
        });
    }

    /** Rolls back; answered idempotently (aborting an aborted transaction is fine). */
    public void abort() throws ClientException {
        held.clear();
        heldBytes = 0;
        prefetch.clear();
        if (id == null) {
            finished = true;
            return;
        }
        NodeProto.TxnReply r = alone(NodeProto.TxnRequest.newBuilder().setAbort(NodeProto.TxnAbort.getDefaultInstance()),
            "abort");
        finished = true;
        if (r.hasCommitted()) {
            throw new ClientException("transaction " + id + " had already committed; it cannot be rolled back", null,
                false);
        }
    }

    /** Tells the leader this client is still here (an idle transaction is aborted after the heartbeat timeout). */
    public void heartbeat() throws ClientException {
        if (id == null) {
            return; // the leader holds nothing of it yet
        }
        // Alone, never carrying held writes: their errors belong to the statement that sends them.
        expectDone(alone(NodeProto.TxnRequest.newBuilder().setHeartbeat(NodeProto.TxnHeartbeat.getDefaultInstance()),
            "heartbeat"), "heartbeat");
    }

    /** Aborts unless committed or aborted already; errors are ignored (the server times it out anyway). */
    @Override
    public void close() {
        held.clear();
        heldBytes = 0;
        if (!finished && id != null) {
            try {
                abort();
            } catch (ClientException ignored) {
                // The transaction ends on the server by its heartbeat timeout.
            }
        }
    }

    /**
     * Sends one operation: alone when the leader has this transaction and nothing is held, else
     * as the last step of a steps request that first begins it and sends what is held.
     */
    private NodeProto.TxnReply step(NodeProto.TxnRequest.Builder q, String what) throws ClientException {
        if (deferred && (id == null || !held.isEmpty() || !prefetch.isEmpty())) {
            return run(List.of(q.build()), what);
        }
        return alone(q, what);
    }

    /**
     * The time a request may take: the client's timeout, and for a commit one second more per
     * MiB the transaction wrote, since its entries must reach a quorum's disks and be applied.
     */
    private Duration timeoutOf(NodeProto.TxnRequest.OpCase op) {
        return op == NodeProto.TxnRequest.OpCase.COMMIT ? timeout.plusSeconds(writtenBytes >> 20) : timeout;
    }

    /** Sends one operation of a transaction the leader has begun, in a request of its own. */
    private NodeProto.TxnReply alone(NodeProto.TxnRequest.Builder q, String what) throws ClientException {
        NodeProto.TxnReply r = send(endpoints, timeoutOf(q.getOpCase()), groupId, q.setTxn(TxnWire.encode(id)), what);
        checkFailed(r, q.getOpCase(), what);
        return r;
    }

    /**
     * One steps request: the begin if the leader has not begun this transaction yet, the held
     * writes, the prefetched reads, then {@code ops}. Returns the answer to the last step.
     */
    private NodeProto.TxnReply run(List<NodeProto.TxnRequest> ops, String what) throws ClientException {
        boolean begins = id == null;
        List<NodeProto.TxnRequest> steps = new ArrayList<>();
        if (begins) {
            steps.add(beginStep().build());
        }
        steps.addAll(held);
        List<ByteString> reads = List.copyOf(prefetch);
        for (ByteString k : reads) {
            steps.add(NodeProto.TxnRequest.newBuilder().setGet(NodeProto.TxnGet.newBuilder().setKey(k)).build());
        }
        int firstRead = steps.size() - reads.size();
        steps.addAll(ops);
        held.clear();
        heldBytes = 0;
        prefetch.clear();
        // A read-only transaction's first request waits for the leader to confirm it still
        // leads, as a commit would: the snapshot is then linearizable, and the commit is not
        // waited for.
        NodeProto.TxnRequest.Builder q = NodeProto.TxnRequest.newBuilder()
            .setSteps(NodeProto.TxnSteps.newBuilder().addAllSteps(steps).setConfirmLeadership(begins && readOnly));
        if (!begins) {
            q.setTxn(TxnWire.encode(id));
        }
        NodeProto.TxnReply whole = send(endpoints, timeoutOf(steps.getLast().getOpCase()), groupId, q, what);
        if (!whole.hasSteps() || whole.getSteps().getRepliesCount() == 0) {
            if (begins && whole.hasFailed()) {
                finished = true;
            }
            checkFailed(whole, NodeProto.TxnRequest.OpCase.STEPS, what);
            throw unexpected(what, whole);
        }
        List<NodeProto.TxnReply> replies = whole.getSteps().getRepliesList();
        NodeProto.TxnReply last = null;
        for (int i = 0; i < replies.size(); i++) {
            last = replies.get(i);
            NodeProto.TxnRequest.OpCase op = steps.get(Math.min(i, steps.size() - 1)).getOpCase();
            if (last.hasFailed()) {
                if (begins && i == 0) {
                    finished = true; // never began: there is nothing to roll back
                }
                checkFailed(last, op, i < firstRead ? op.name().toLowerCase(java.util.Locale.ROOT) : what);
            }
            if (begins && i == 0) {
                began(last, "begin");
            } else if (i >= firstRead && i < firstRead + reads.size()) {
                if (!last.hasValue()) {
                    throw unexpected("get", last);
                }
                prefetched.put(reads.get(i - firstRead), Optional.ofNullable(last.getValue().getFound()
                    ? last.getValue().getValue().toByteArray() : null));
            }
        }
        if (replies.size() != steps.size()) {
            throw unexpected(what, whole);
        }
        confirmed |= begins && readOnly;
        return last;
    }

    private void checkFailed(NodeProto.TxnReply r, NodeProto.TxnRequest.OpCase op, String what) throws ClientException {
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
            throw failure(r);
        }
    }

    private static ClientException failure(NodeProto.TxnReply r) {
        return new ClientException(r.getFailed().getMessage() + " [SQLSTATE " + r.getFailed().getSqlState() + "]",
            r.getFailed().getSqlState(), r.getFailed().getAborted());
    }

    private static NodeProto.TxnReply send(Endpoints endpoints, Duration timeout, long groupId,
                                           NodeProto.TxnRequest.Builder q, String what) throws ClientException {
        NodeProto.TxnRequest.OpCase op = q.getOpCase();
        boolean steps = op == NodeProto.TxnRequest.OpCase.STEPS;
        List<NodeProto.TxnRequest> list = steps ? q.getSteps().getStepsList() : List.of();
        boolean commit = op == NodeProto.TxnRequest.OpCase.COMMIT
            || steps && list.getLast().getOpCase() == NodeProto.TxnRequest.OpCase.COMMIT;
        // Steps that may wait for a lock wait for their answer; begin and commit move on to
        // another node when one is silent (a new leader begins, or knows the commit's outcome).
        // A steps request that begins is patient too: its later steps may wait for a lock.
        boolean patient = !commit && op != NodeProto.TxnRequest.OpCase.BEGIN;
        ClientResponse r = new Call(endpoints, timeout, commit, patient).run(ClientRequest.newBuilder().setGroupId(groupId)
            .setTxn(q));
        if (!r.hasTxn()) {
            throw new ClientException(what + " failed: " + Call.describe(r), false);
        }
        NodeProto.TxnReply reply = r.getTxn();
        if (reply.hasFailed() && op == NodeProto.TxnRequest.OpCase.BEGIN) {
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
