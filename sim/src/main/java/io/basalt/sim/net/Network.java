package io.basalt.sim.net;

import io.basalt.common.Prng;
import io.basalt.sim.core.EventLoop;
import io.basalt.sim.core.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The simulated network between nodes and clients: every message gets its own random latency
 * (which reorders), may be dropped or duplicated, is lost on a link cut when it is sent or
 * while it is in flight, and waits on a
 * clogged link until the clog clears. Delivery to an address nobody listens on is a loss.
 */
public final class Network {
    private final EventLoop loop;
    private final Prng prng;
    private final Trace trace;
    private final Links links;
    private final long[][] cloggedUntilUs;
    private final List<Consumer<Envelope>> endpoints;
    private NetworkParams params;
    private long sent;
    private long dropped;
    private long duplicated;

    public Network(EventLoop loop, Prng prng, Trace trace, NetworkParams params, int nodes, int addresses) {
        this.loop = loop;
        this.prng = prng;
        this.trace = trace;
        this.params = params;
        this.links = new Links(nodes);
        this.cloggedUntilUs = new long[addresses][addresses];
        this.endpoints = new ArrayList<>(Collections.nCopies(addresses, (Consumer<Envelope>) null));
    }

    public void register(int address, Consumer<Envelope> endpoint) {
        endpoints.set(address, endpoint);
    }

    public Links links() {
        return links;
    }

    public void setParams(NetworkParams newParams) {
        this.params = newParams;
    }

    /** Everything sent on {@code from → to} until {@code untilUs} waits until then. */
    public void clog(int from, int to, long untilUs) {
        cloggedUntilUs[from][to] = Math.max(cloggedUntilUs[from][to], untilUs);
    }

    /** Heals every partition and clog (the liveness phase). */
    public void healAll() {
        links.heal();
        for (long[] row : cloggedUntilUs) {
            Arrays.fill(row, 0);
        }
    }

    public void send(int from, int to, Object payload) {
        sent++;
        if (links.isCut(from, to) || prng.chance(params.dropProbability())) {
            dropped++;
            return;
        }
        schedule(new Envelope(from, to, payload));
        if (prng.chance(params.duplicateProbability())) {
            duplicated++;
            schedule(new Envelope(from, to, payload));
        }
    }

    private void schedule(Envelope e) {
        long departUs = Math.max(loop.nowUs(), cloggedUntilUs[e.from()][e.to()]);
        loop.at(departUs + latencyUs(), () -> deliver(e));
    }

    private void deliver(Envelope e) {
        if (links.isCut(e.from(), e.to())) {
            // A link cut while the message was in flight loses it, like packets on a pulled cable.
            dropped++;
            return;
        }
        Consumer<Envelope> endpoint = endpoints.get(e.to());
        trace.record(loop.nowUs(), e.from(), e.to(), e.payload().getClass().getName().hashCode());
        if (endpoint != null) {
            endpoint.accept(e);
        }
    }

    private long latencyUs() {
        double tail = -Math.log(1 - prng.nextDouble()) * params.latencyTailMeanUs();
        return Math.min(params.latencyUsMax(), params.latencyBaseUs() + (long) tail);
    }

    public long sent() {
        return sent;
    }

    public long dropped() {
        return dropped;
    }

    public long duplicated() {
        return duplicated;
    }
}
