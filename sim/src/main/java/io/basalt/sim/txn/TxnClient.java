package io.basalt.sim.txn;

import io.basalt.common.Prng;
import io.basalt.common.SqlState;
import io.basalt.sim.check.txn.Outcome;
import io.basalt.sim.core.EventLoop;
import io.basalt.sim.net.Envelope;
import io.basalt.sim.net.Network;
import io.basalt.sim.workload.WorkloadParams;
import io.basalt.txn.TxnId;
import io.basalt.txn.engine.TxnResult;

/**
 * One simulated client running transactions in a closed loop: begin at the node it believes
 * leads (following hints), then each step at the node that began the transaction, then commit.
 *
 * <p>Outcomes, as a checker must see them: committed (OK) only when a commit was answered so;
 * failed (FAIL) when the transaction was aborted or never asked to commit (a step that timed
 * out or found its node no longer leading: the transaction lived there); unknown (INFO) when a
 * commit was sent but no node could tell its outcome before the client gave up. A commit
 * without an answer is asked again (commit is idempotent), at the next leader if need be.
 */
public final class TxnClient {
    /** Commit attempts (each waiting one op timeout) before the outcome is called unknown. */
    private static final int COMMIT_ATTEMPTS_MAX = 4;

    /** One transaction's logic: what to do next given the previous answer, and its outcome. */
    public interface Txn {
        boolean readOnly();

        /** The next step after {@code previous} (null before the first); null means commit. */
        Step next(TxnResult previous);

        void finished(Outcome outcome, long invokeUs, long completeUs);
    }

    /** Makes each new transaction. */
    public interface Workload {
        Txn newTxn(Prng prng);
    }

    private final int address;
    private final int nodes;
    private final EventLoop loop;
    private final Network network;
    private final Prng prng;
    private final WorkloadParams params;
    private final Workload workload;
    private final boolean followerReads;
    private int believedLeader;
    private boolean stopped;

    // The transaction in progress.
    private Txn txn;
    private TxnId txnId;
    private int txnNode;
    private long invokeUs;
    private Step step;
    private long callId;
    private int attempt;
    private int commitAttempts;

    public TxnClient(int address, int nodes, EventLoop loop, Network network, Prng prng, WorkloadParams params,
                     Workload workload, boolean followerReads) {
        this.address = address;
        this.nodes = nodes;
        this.loop = loop;
        this.network = network;
        this.prng = prng;
        this.params = params;
        this.workload = workload;
        this.followerReads = followerReads;
        this.believedLeader = prng.nextInt(nodes);
        network.register(address, this::onMessage);
    }

    public void start() {
        loop.after(prng.nextInt((int) Math.max(1, params.opThinkUsMax())), this::begin);
    }

    /** No new transactions after this (the run is ending). */
    public void stop() {
        stopped = true;
    }

    private void begin() {
        if (stopped) {
            return;
        }
        txn = workload.newTxn(prng);
        txnId = null;
        invokeUs = loop.nowUs();
        commitAttempts = 0;
        // The broken follower read sends read-only transactions anywhere.
        txnNode = followerReads && txn.readOnly() ? prng.nextInt(nodes) : believedLeader;
        call(new Step.Begin(txn.readOnly()));
    }

    private void call(Step s) {
        step = s;
        callId++;
        attempt = 0;
        send();
    }

    private void send() {
        long id = callId;
        int a = attempt;
        network.send(address, txnNode, new TxnCall(address, id, a, txnId, step));
        loop.after(params.opTimeoutUs(), () -> {
            if (id == callId && a == attempt) {
                timedOut();
            }
        });
    }

    private void timedOut() {
        if (step instanceof Step.Commit) {
            retryCommitElsewhere();
        } else if (step instanceof Step.Begin) {
            txnNode = prng.nextInt(nodes);
            resend();
        } else {
            // Never asked to commit: it cannot have committed. Tell the node, best effort.
            abandon();
        }
    }

    private void onMessage(Envelope e) {
        if (!(e.payload() instanceof TxnAnswer a) || txn == null || a.callId() != callId || a.attempt() != attempt) {
            return;
        }
        switch (a.status()) {
            case NOT_LEADER -> notLeader(a);
            case RETRY -> resendLater();
            case OK -> answered(e.from(), a.result());
        }
    }

    private void notLeader(TxnAnswer a) {
        if (a.leaderHint() >= 0) {
            believedLeader = a.leaderHint();
        } else {
            believedLeader = prng.nextInt(nodes);
        }
        switch (step) {
            case Step.Begin b -> {
                txnNode = believedLeader;
                resendLater();
            }
            case Step.Commit c -> retryCommitElsewhere();
            default -> finish(Outcome.FAIL); // its locks and buffer lived on a node that no longer leads
        }
    }

    private void answered(int from, TxnResult r) {
        switch (r) {
            case TxnResult.Failed f when !f.aborted() && SqlState.INVALID_TRANSACTION_STATE.equals(f.sqlState()) -> {
                // A duplicate of this step found the original still running: its answer follows.
            }
            case TxnResult.Failed f -> {
                if (!f.aborted()) {
                    send(new Step.Abort());
                }
                finish(Outcome.FAIL);
            }
            case TxnResult.Unknown u -> retryCommitElsewhere();
            case TxnResult.Committed c -> finish(Outcome.OK);
            case TxnResult.Began b -> {
                txnId = b.txn();
                txnNode = from;
                believedLeader = followerReads && txn.readOnly() ? believedLeader : from;
                proceed(null);
            }
            default -> proceed(r);
        }
    }

    private void proceed(TxnResult previous) {
        Step next = txn.next(previous);
        call(next == null ? new Step.Commit() : next);
    }

    private void retryCommitElsewhere() {
        if (++commitAttempts >= COMMIT_ATTEMPTS_MAX) {
            finish(Outcome.INFO);
            return;
        }
        txnNode = believedLeader;
        resendLater();
    }

    private void abandon() {
        send(new Step.Abort());
        finish(Outcome.FAIL);
    }

    private void send(Step fireAndForget) {
        if (txnId != null) {
            network.send(address, txnNode, new TxnCall(address, -1, 0, txnId, fireAndForget));
        }
    }

    private void resend() {
        attempt++;
        send();
    }

    private void resendLater() {
        attempt++;
        long id = callId;
        int a = attempt;
        loop.after(1 + prng.nextInt((int) Math.max(1, params.retryBackoffUsMax())), () -> {
            if (id == callId && a == attempt) {
                send();
            }
        });
    }

    private void finish(Outcome outcome) {
        Txn done = txn;
        txn = null;
        callId++;
        done.finished(outcome, invokeUs, outcome == Outcome.INFO ? Long.MAX_VALUE : loop.nowUs());
        loop.after(prng.nextInt((int) Math.max(1, params.opThinkUsMax())), this::begin);
    }
}
