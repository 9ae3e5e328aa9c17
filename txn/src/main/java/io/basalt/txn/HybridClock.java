package io.basalt.txn;

import io.basalt.common.Clock;
import java.util.Objects;

/**
 * A hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014): readings
 * stay close to physical time yet never go backwards and always follow every timestamp this
 * node has observed, so causally related events are ordered even across nodes whose physical
 * clocks disagree.
 *
 * <p>The wall part of a reading is {@code max(last.wall, physical)}; the logical part counts
 * events while the physical clock does not advance past the last reading (it stalls, goes
 * backwards, or lags a timestamp received from a faster peer) and restarts at 0 when it does.
 * When the logical counter would overflow, {@link Timestamp#next()} moves to the next
 * microsecond instead, which keeps readings strictly increasing at the cost of running one
 * microsecond ahead.
 *
 * <p>Single-threaded, like the state machine that owns it; time arrives only through the
 * injected {@link Clock}.
 */
public final class HybridClock {
    private final Clock physical;
    private final long maxOffsetMicros;
    private Timestamp last = Timestamp.MIN;

    /**
     * @param physical        this node's physical clock
     * @param maxOffsetMicros the largest clock offset between nodes the cluster tolerates; a
     *                        remote timestamp further ahead than this is refused by {@link
     *                        #update}
     */
    public HybridClock(Clock physical, long maxOffsetMicros) {
        this.physical = Objects.requireNonNull(physical, "physical clock");
        if (maxOffsetMicros < 0) {
            throw new IllegalArgumentException("max clock offset must not be negative: " + maxOffsetMicros + "us");
        }
        this.maxOffsetMicros = maxOffsetMicros;
    }

    /** A reading strictly greater than every reading returned or observed before. */
    public Timestamp now() {
        last = after(last, physical.nowMicros());
        return last;
    }

    /**
     * Observes a timestamp from another node (a message, a committed entry); this reading and
     * every later one are after it.
     *
     * @throws IllegalArgumentException if {@code remote} is more than {@link #maxOffsetMicros()}
     *                                  ahead of the physical clock: a peer with a broken clock
     *                                  must not drag ours into the future, where it would stay
     */
    public Timestamp update(Timestamp remote) {
        Objects.requireNonNull(remote, "remote timestamp");
        long pt = physical.nowMicros();
        if (remote.wallMicros() > saturatedAdd(pt, maxOffsetMicros)) {
            throw new IllegalArgumentException("remote timestamp " + remote + " is "
                + (remote.wallMicros() - pt) + "us ahead of the physical clock " + pt
                + "us, beyond the max clock offset " + maxOffsetMicros + "us");
        }
        last = after(Timestamp.max(last, remote), pt);
        return last;
    }

    /**
     * Raises the clock to at least {@code ts} without the offset check: on recovery our own
     * durable log may hold timestamps from before a restart, and readings must follow them even
     * if the physical clock went backwards meanwhile.
     */
    public void forward(Timestamp ts) {
        last = Timestamp.max(last, Objects.requireNonNull(ts, "timestamp"));
    }

    /** The latest reading returned or timestamp observed ({@link Timestamp#MIN} at first). */
    public Timestamp last() {
        return last;
    }

    public long maxOffsetMicros() {
        return maxOffsetMicros;
    }

    /** The smallest reading after {@code floor} given physical time {@code pt}. */
    private static Timestamp after(Timestamp floor, long pt) {
        return pt > floor.wallMicros() ? new Timestamp(pt, 0) : floor.next();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Overflow happened iff both operands have the same sign and the sum's sign differs.
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    @Override
    public String toString() {
        return "HybridClock{last=" + last + ", maxOffset=" + maxOffsetMicros + "us}";
    }
}
