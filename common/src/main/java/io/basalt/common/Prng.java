package io.basalt.common;

/**
 * A seeded pseudo-random source (SplitMix64). Every random choice in the deterministic core
 * and in the simulator draws from one of these, so a run is replayed exactly from its seed.
 * Not thread-safe: each single-threaded state machine owns its own instance.
 */
public final class Prng {
    private long state;

    public Prng(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** A uniform integer in [min, max], both inclusive. */
    public int nextInt(int min, int max) {
        if (max < min) {
            throw new IllegalArgumentException("max " + max + " < min " + min);
        }
        return min + nextInt(max - min + 1);
    }

    /** A uniform double in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** True with the given probability. */
    public boolean chance(double probability) {
        return probability > 0 && nextDouble() < probability;
    }

    /** An independent stream derived from this one, for a sub-component. */
    public Prng fork() {
        return new Prng(nextLong());
    }
}
