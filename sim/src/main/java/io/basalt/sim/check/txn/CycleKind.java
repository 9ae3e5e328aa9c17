package io.basalt.sim.check.txn;

import java.util.EnumSet;

/**
 * The dependency cycles Elle distinguishes, most severe first, by the edges a cycle may use and
 * must contain. A "-realtime" kind needs at least one rt edge: the history may be serializable,
 * but not strictly serializable.
 */
enum CycleKind {
    G0("G0", EnumSet.of(EdgeType.WW), 0, 0, 0, 0, "a cycle of appends (write cycle)"),
    G1C("G1c", EnumSet.of(EdgeType.WW, EdgeType.WR), 0, 0, 1, 0, "a cycle of appends and reads (circular information flow)"),
    G_SINGLE("G-single", EnumSet.of(EdgeType.WW, EdgeType.WR, EdgeType.RW), 1, 1, 0, 0,
        "a cycle with exactly one anti-dependency (read skew)"),
    G2("G2", EnumSet.of(EdgeType.WW, EdgeType.WR, EdgeType.RW), 2, 2, 0, 0,
        "a cycle with two or more anti-dependencies (write skew)"),
    G0_REALTIME("G0-realtime", EnumSet.of(EdgeType.WW, EdgeType.RT), 0, 0, 0, 1, G0.description),
    G1C_REALTIME("G1c-realtime", EnumSet.of(EdgeType.WW, EdgeType.WR, EdgeType.RT), 0, 0, 1, 1, G1C.description),
    G_SINGLE_REALTIME("G-single-realtime", EnumSet.allOf(EdgeType.class), 1, 1, 0, 1, G_SINGLE.description),
    G2_REALTIME("G2-realtime", EnumSet.allOf(EdgeType.class), 2, 2, 0, 1, G2.description);

    /**
     * What a path has used so far, packed in one small int: rw edges (0, 1, or 2 for "two or
     * more"), whether any wr edge, whether any rt edge. {@link #COUNTER_STATES} values in all.
     */
    static final int COUNTER_STATES = 12;

    final String label;
    final EnumSet<EdgeType> allowed;
    private final int rwMin;
    private final int rwMax;
    private final int wrMin;
    private final int rtMin;
    private final String description;

    CycleKind(String label, EnumSet<EdgeType> allowed, int rwMin, int rwMax, int wrMin, int rtMin, String description) {
        this.label = label;
        this.allowed = allowed;
        this.rwMin = rwMin;
        this.rwMax = rwMax;
        this.wrMin = wrMin;
        this.rtMin = rtMin;
        this.description = description;
    }

    /** The kind this one weakens to without real time, or itself. */
    CycleKind base() {
        return switch (this) {
            case G0_REALTIME -> G0;
            case G1C_REALTIME -> G1C;
            case G_SINGLE_REALTIME -> G_SINGLE;
            case G2_REALTIME -> G2;
            default -> this;
        };
    }

    boolean realtime() {
        return rtMin > 0;
    }

    /** An edge type every cycle of this kind contains, so a search need only start at such edges' sources. */
    EdgeType required() {
        return realtime() ? EdgeType.RT : rwMin > 0 ? EdgeType.RW : wrMin > 0 ? EdgeType.WR : EdgeType.WW;
    }

    /** Whether a path with these counters may still become a cycle of this kind. */
    boolean admits(int counters) {
        return rw(counters) <= rwMax;
    }

    boolean satisfiedBy(int counters) {
        return rw(counters) >= rwMin && rw(counters) <= rwMax && wr(counters) >= wrMin && rt(counters) >= rtMin;
    }

    String describe() {
        return realtime() ? description + " that only real-time order closes (strict serializability violated)" : description;
    }

    static int add(int counters, EdgeType type) {
        return switch (type) {
            case WW -> counters;
            case WR -> counters | 2;
            case RT -> counters | 1;
            case RW -> Math.min(rw(counters) + 1, 2) * 4 + (counters & 3);
        };
    }

    /** The most specific kind a cycle with these counters is. */
    static CycleKind classify(int counters) {
        for (CycleKind k : values()) {
            if ((rt(counters) > 0) == k.realtime() && k.satisfiedBy(counters) && (k != G0 && k != G0_REALTIME || wr(counters) == 0)) {
                return k;
            }
        }
        throw new IllegalStateException("no cycle kind for counters " + counters);
    }

    private static int rw(int counters) {
        return counters >> 2;
    }

    private static int wr(int counters) {
        return (counters >> 1) & 1;
    }

    private static int rt(int counters) {
        return counters & 1;
    }
}
