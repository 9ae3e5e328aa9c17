package io.basalt.txn;

/**
 * A hybrid logical clock reading: physical microseconds plus a logical counter that orders
 * events within one microsecond (or while the physical clock lags a timestamp seen from
 * another node). Ordered by wall time, then logical.
 */
public record Timestamp(long wallMicros, int logical) implements Comparable<Timestamp> {
    public static final Timestamp MIN = new Timestamp(0, 0);
    public static final Timestamp MAX = new Timestamp(Long.MAX_VALUE, Integer.MAX_VALUE);

    public Timestamp {
        if (wallMicros < 0 || logical < 0) {
            throw new IllegalArgumentException("negative timestamp " + wallMicros + "." + logical);
        }
    }

    @Override
    public int compareTo(Timestamp o) {
        int c = Long.compare(wallMicros, o.wallMicros);
        return c != 0 ? c : Integer.compare(logical, o.logical);
    }

    public boolean before(Timestamp o) {
        return compareTo(o) < 0;
    }

    public boolean after(Timestamp o) {
        return compareTo(o) > 0;
    }

    /** The smallest timestamp after this one. */
    public Timestamp next() {
        return logical == Integer.MAX_VALUE ? new Timestamp(wallMicros + 1, 0) : new Timestamp(wallMicros, logical + 1);
    }

    /** The largest timestamp before this one (MIN stays MIN). */
    public Timestamp prev() {
        if (logical > 0) {
            return new Timestamp(wallMicros, logical - 1);
        }
        return wallMicros == 0 ? MIN : new Timestamp(wallMicros - 1, Integer.MAX_VALUE);
    }

    public static Timestamp max(Timestamp a, Timestamp b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return wallMicros + "." + logical;
    }
}
