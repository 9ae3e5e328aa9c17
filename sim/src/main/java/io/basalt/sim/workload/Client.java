package io.basalt.sim.workload;

import io.basalt.common.Prng;
import io.basalt.sim.core.EventLoop;
import io.basalt.sim.net.Envelope;
import io.basalt.sim.net.Network;

/**
 * One simulated client: a closed loop of get/put/cas operations on a few keys, sent to the node
 * it believes leads (following "not leader" hints, else a random node). An operation that is
 * not answered within its timeout is recorded as unknown and the client moves on.
 */
public final class Client {
    private static final long VALUE_SPACE_PER_CLIENT = 1_000_000_000L;

    private final int address;
    private final long clientId;
    private final int nodes;
    private final EventLoop loop;
    private final Network network;
    private final Prng prng;
    private final WorkloadParams params;
    private final History history;
    private final long[] lastSeen;
    private int believedLeader;
    private long sequence;
    private int attempt;
    private int currentOp = -1;
    private ClientRequest currentRequest;
    private boolean stopped;

    public Client(int address, long clientId, int nodes, EventLoop loop, Network network, Prng prng,
                  WorkloadParams params, History history) {
        this.address = address;
        this.clientId = clientId;
        this.nodes = nodes;
        this.loop = loop;
        this.network = network;
        this.prng = prng;
        this.params = params;
        this.history = history;
        this.lastSeen = new long[params.keys()];
        this.believedLeader = prng.nextInt(nodes);
        network.register(address, this::onMessage);
    }

    public void start() {
        loop.after(prng.nextInt((int) Math.max(1, params.opThinkUsMax())), this::issue);
    }

    /** No new operations after this (the run is ending). */
    public void stop() {
        stopped = true;
    }

    private void issue() {
        if (stopped) {
            return;
        }
        sequence++;
        attempt = 0;
        int keyIndex = prng.nextInt(params.keys());
        String key = "k" + keyIndex;
        long value = clientId * VALUE_SPACE_PER_CLIENT + sequence;
        double roll = prng.nextDouble();
        Op.Kind kind = roll < params.readFraction() ? Op.Kind.GET
            : roll < params.readFraction() + params.casFraction() ? Op.Kind.CAS : Op.Kind.PUT;
        long expected = kind == Op.Kind.CAS && prng.chance(0.7) ? lastSeen[keyIndex] : 0;
        currentOp = history.invoke(clientId, kind, key, kind == Op.Kind.GET ? 0 : value, expected, loop.nowUs());
        currentRequest = new ClientRequest(address, clientId, sequence, 0, kind, key, value, expected);
        int op = currentOp;
        loop.after(params.opTimeoutUs(), () -> timeout(op));
        send();
    }

    private void send() {
        ClientRequest r = currentRequest;
        currentRequest = new ClientRequest(r.clientAddress(), r.clientId(), r.sequence(), attempt, r.kind(), r.key(),
            r.value(), r.expected());
        network.send(address, believedLeader, currentRequest);
    }

    private void timeout(int op) {
        if (op != currentOp) {
            return;
        }
        history.unknown(op);
        believedLeader = prng.nextInt(nodes);
        next();
    }

    private void next() {
        currentOp = -1;
        loop.after(prng.nextInt((int) Math.max(1, params.opThinkUsMax())), this::issue);
    }

    private void onMessage(Envelope e) {
        if (!(e.payload() instanceof ClientReply reply) || currentOp < 0 || reply.sequence() != sequence) {
            return;
        }
        switch (reply.status()) {
            case OK -> {
                Op op = history.get(currentOp);
                history.ok(currentOp, loop.nowUs(), reply.value(), reply.ok(), reply.index(), reply.term());
                int keyIndex = Integer.parseInt(op.key().substring(1));
                lastSeen[keyIndex] = op.kind() == Op.Kind.PUT || (op.kind() == Op.Kind.CAS && reply.ok()) ? op.value() : reply.value();
                next();
            }
            case NOT_LEADER, NOT_APPLIED -> {
                if (reply.attempt() != attempt) {
                    return;
                }
                believedLeader = reply.leaderHint() >= 0 && reply.leaderHint() != e.from() ? reply.leaderHint() : prng.nextInt(nodes);
                attempt++;
                int op = currentOp;
                loop.after(1 + prng.nextInt((int) Math.max(1, params.retryBackoffUsMax())), () -> {
                    if (op == currentOp) {
                        send();
                    }
                });
            }
        }
    }
}
