package io.basalt.sim.core;

/**
 * A running 64-bit digest of what happened in a run (deliveries, applies, client outcomes).
 * Two runs of one seed must end with the same digest; a difference means something in the
 * simulation or the core drew on a source outside the seed.
 */
public final class Trace {
    private long digest = 0x9E3779B97F4A7C15L;

    public void record(long a, long b, long c, long d) {
        digest = mix(digest ^ a);
        digest = mix(digest ^ b);
        digest = mix(digest ^ c);
        digest = mix(digest ^ d);
    }

    public long digest() {
        return digest;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
