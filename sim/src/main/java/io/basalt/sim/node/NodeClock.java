package io.basalt.sim.node;

import io.basalt.sim.core.EventLoop;

/**
 * A node's local clock: it ticks every {@code periodUs} of simulated time (the base tick
 * stretched by the node's drift) from a start skew, whether or not the node is up, as a real
 * machine's clock keeps running while its process is down.
 */
public final class NodeClock {
    private final EventLoop loop;
    private final double periodUs;
    private final long startUs;
    private final Runnable onTick;
    private long ticks;

    public NodeClock(EventLoop loop, double periodUs, long startUs, Runnable onTick) {
        this.loop = loop;
        this.periodUs = periodUs;
        this.startUs = startUs;
        this.onTick = onTick;
    }

    public void start() {
        loop.at(startUs, this::fire);
    }

    private void fire() {
        onTick.run();
        ticks++;
        // Computed from the start, not the last tick, so rounding does not accumulate into drift.
        loop.at(startUs + (long) (ticks * periodUs), this::fire);
    }
}
