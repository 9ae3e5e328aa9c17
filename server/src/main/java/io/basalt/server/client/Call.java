package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.ClientRequest;
import io.basalt.server.proto.NodeProto.ClientResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One client operation routed to the group's leader: sends the same request (same session and
 * sequence for a write) until a node gives a definite answer or the time is up. It follows
 * redirects at once, and backs off a little when no node knows the leader (an election).
 */
final class Call {
    private static final long PAUSE_MS_MIN = 5;
    private static final long PAUSE_MS_MAX = 200;
    /**
     * No attempt starts with less time left than this: a request sent with no time to wait for
     * its answer would only turn a known outcome into an unknown one.
     */
    private static final long ATTEMPT_MS_MIN = 100;
    /** One node may take at most this share of the operation's time before the next is tried. */
    private static final int ATTEMPTS_PER_TIMEOUT_MIN = 3;

    private final Endpoints endpoints;
    private final Duration timeout;
    private final boolean write;
    /**
     * Waits for one node's answer as long as the call's time allows, instead of moving on after a
     * share of it: a transaction's step may wait for a lock at the leader, and resending it
     * would only find the first still waiting.
     */
    private final boolean patient;
    private boolean maybeApplied;
    private String lastProblem = "no node answered";
    /** The last error a node itself gave: more telling than a timeout cut short by the deadline. */
    private String lastNodeError;
    /** The SQLSTATE a node gave with its error (a stopped node says why: 53100, 58030), or null. */
    private String lastNodeSqlState;
    private int pauses;

    Call(Endpoints endpoints, Duration timeout, boolean write) {
        this(endpoints, timeout, write, false);
    }

    Call(Endpoints endpoints, Duration timeout, boolean write, boolean patient) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.write = write;
        this.patient = patient;
    }

    ClientResponse run(ClientRequest.Builder request) throws ClientException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Endpoints.Endpoint target = endpoints.leaderOrFirst();
        boolean pause = false;
        while (System.nanoTime() - deadline < 0) {
            if (pause) {
                long pauseMs = Math.min(PAUSE_MS_MAX, PAUSE_MS_MIN << Math.min(pauses++, 10));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMs));
            }
            if (deadline - System.nanoTime() < TimeUnit.MILLISECONDS.toNanos(ATTEMPT_MS_MIN)) {
                break;
            }
            pause = true;
            ClientResponse response = attempt(target, request, deadline);
            if (response == null) {
                endpoints.leader(null);
                target = endpoints.next(target);
                continue;
            }
            switch (response.getResultCase()) {
                case NOT_LEADER -> {
                    NodeProto.NotLeader nl = response.getNotLeader();
                    lastProblem = target + " is not the leader" + (nl.getLeaderId().isEmpty() ? " and knows none"
                        : "; " + nl.getLeaderId() + " is");
                    if (nl.getLeaderAddress().isEmpty()) {
                        target = endpoints.next(target);
                    } else {
                        Endpoints.Endpoint leader = endpoints.byAddress(nl.getLeaderAddress(),
                            nl.getLeaderId().isEmpty() ? null : NodeId.of(nl.getLeaderId()));
                        pause = leader == target; // a stale hint pointing back: give the election time
                        target = leader;
                    }
                }
                case ERROR -> target = onError(response.getError(), target);
                default -> {
                    endpoints.leader(target);
                    return response;
                }
            }
        }
        String nodeError = lastNodeError == null || lastNodeError.equals(lastProblem) ? ""
            : "; the last error a node gave: " + lastNodeError;
        if (lastNodeSqlState != null && !write) {
            // A node that could not write (its disk full or failing) and no other to serve:
            // the client learns the cause, with its SQLSTATE. Not for a write or commit, whose
            // earlier attempts (this call's or its caller's) may have been applied.
            throw new ClientException("no node could serve the request within " + timeout.toMillis() + " ms: "
                + lastProblem + nodeError + " [SQLSTATE " + lastNodeSqlState + "]", lastNodeSqlState, true);
        }
        throw new ClientException("no definite answer within " + timeout.toMillis() + " ms: " + lastProblem + nodeError
            + (write && maybeApplied ? " (the write may or may not have been applied)" : ""), write && maybeApplied);
    }

    /** The response, or null if the node could not be reached or did not answer in time. */
    private ClientResponse attempt(Endpoints.Endpoint target, ClientRequest.Builder request, long deadline)
        throws ClientException {
        Connection c;
        try {
            c = endpoints.connection(target);
        } catch (IOException unreachable) {
            lastProblem = unreachable.getMessage();
            return null;
        }
        CompletableFuture<ClientResponse> f = c.send(request);
        long left = deadline - System.nanoTime();
        long waitNanos = patient ? left : Math.min(left, timeout.toNanos() / ATTEMPTS_PER_TIMEOUT_MIN);
        try {
            return f.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted", write, e);
        } catch (ExecutionException | TimeoutException e) {
            // Sent, but no answer: a write may have been applied; the retry reuses its sequence.
            maybeApplied = true;
            if (e instanceof TimeoutException) {
                c.close(); // a silent connection may be wedged: the next attempt dials afresh
                lastProblem = target + " gave no answer in time";
            } else {
                lastProblem = "lost the connection to " + target + ": " + e.getCause().getMessage();
            }
            return null;
        }
    }

    private Endpoints.Endpoint onError(NodeProto.Error error, Endpoints.Endpoint target) throws ClientException {
        lastProblem = error.getMessage();
        lastNodeError = error.getMessage();
        lastNodeSqlState = error.getSqlState().isEmpty() ? null : error.getSqlState();
        switch (error.getCode()) {
            case RETRY -> {
                maybeApplied = true; // the node said so: leadership moved while the write was pending
                return target;       // it will redirect to the new leader once it knows it
            }
            case INVALID, CONFLICT, CODE_UNSPECIFIED, UNRECOGNIZED ->
                throw new ClientException(error.getMessage(), false);
            default -> {
                // WRITES_STOPPED or UNAVAILABLE: this node cannot serve; another will lead.
                endpoints.leader(null);
                return endpoints.next(target);
            }
        }
    }

    static String describe(ClientResponse r) {
        return switch (r.getResultCase()) {
            case ERROR -> r.getError().getCode() + ": " + r.getError().getMessage();
            case NOT_LEADER -> "not the leader; leader is " + (r.getNotLeader().getLeaderId().isEmpty() ? "unknown"
                : r.getNotLeader().getLeaderId() + " at " + r.getNotLeader().getLeaderAddress());
            default -> r.getResultCase().toString();
        };
    }
}
