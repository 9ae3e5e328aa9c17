package io.basalt.sim.core;

import io.basalt.common.Invariants;
import java.util.PriorityQueue;

/**
 * The simulation's only scheduler: a queue of actions ordered by (simulated time, sequence).
 * The sequence number breaks ties in scheduling order, so two runs from one seed execute the
 * same actions in the same order. Time is in simulated microseconds and never reads a clock.
 */
public final class EventLoop {
    private record Event(long timeUs, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int byTime = Long.compare(timeUs, o.timeUs);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long nowUs;
    private long nextSeq;
    private long executed;

    public long nowUs() {
        return nowUs;
    }

    /** Number of actions executed so far. */
    public long executed() {
        return executed;
    }

    public void at(long timeUs, Runnable action) {
        Invariants.check(timeUs >= nowUs, "event scheduled in the past: %d < %d", timeUs, nowUs);
        queue.add(new Event(timeUs, nextSeq++, action));
    }

    public void after(long delayUs, Runnable action) {
        at(nowUs + Math.max(0, delayUs), action);
    }

    /** Runs every action due at or before {@code endUs}, or until {@code stop} says so. */
    public void runUntil(long endUs, java.util.function.BooleanSupplier stop) {
        while (!queue.isEmpty() && queue.peek().timeUs <= endUs && !stop.getAsBoolean()) {
            Event e = queue.poll();
            nowUs = e.timeUs;
            executed++;
            e.action.run();
        }
        if (!stop.getAsBoolean()) {
            nowUs = Math.max(nowUs, endUs);
        }
    }
}
