package io.basalt.bench;

import java.util.random.RandomGenerator;

/**
 * Key numbers {@code 0..n-1} drawn with Zipf's law over popularity ranks, the rank of a key
 * fixed by a pseudo-random permutation so that the hot keys lie all over the key space rather
 * than at its start (where they would share a few disk blocks and flatter any cache).
 *
 * <p>Ranks follow Gray et al., "Quickly Generating Billion-Record Synthetic Databases" (SIGMOD
 * 1994): rank {@code r} (0-based) has probability {@code 1 / ((r+1)^theta * zeta(n, theta))}.
 * The draw is exact for ranks 0 and 1 and a closed-form approximation of the inverse
 * distribution beyond them (the next few ranks come up to a fifth too often; the mass of the
 * head is close), so one draw costs one {@code pow}, whatever {@code n}. It is the method YCSB
 * uses, so skewed figures compare with YCSB's. Computing
 * {@code zeta(n, theta)} once costs {@code n} calls of {@code pow} (about a second for 10
 * million keys).
 *
 * <p>The permutation is a four-round Feistel network on the smallest even number of bits that
 * covers {@code n}, walked again while it lands at or above {@code n} (cycle walking): a
 * bijection of {@code 0..n-1}, so every key keeps exactly the popularity of its rank.
 *
 * <p>Immutable and thread-safe: each caller brings its own random source.
 */
public final class ZipfianKeys {
    /** YCSB's default skew, the figure issue 6 asks for. */
    public static final double THETA_DEFAULT = 0.99;
    private static final int FEISTEL_ROUNDS = 4;

    private final long n;
    private final double theta;
    private final double zetaN;
    private final double alpha;
    private final double eta;
    private final double secondRankBound;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[FEISTEL_ROUNDS];

    /** {@code n} keys, skew {@code theta} in (0, 1), permutation chosen by {@code seed}. */
    public ZipfianKeys(long n, double theta, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("a Zipfian draw needs at least 2 keys: " + n);
        }
        if (!(theta > 0 && theta < 1)) {
            throw new IllegalArgumentException("theta must be in (0, 1): " + theta);
        }
        this.n = n;
        this.theta = theta;
        this.zetaN = zeta(n, theta);
        double zeta2 = zeta(2, theta);
        this.alpha = 1.0 / (1.0 - theta);
        this.eta = (1.0 - Math.pow(2.0 / n, 1.0 - theta)) / (1.0 - zeta2 / zetaN);
        this.secondRankBound = 1.0 + Math.pow(0.5, theta);
        int bits = 64 - Long.numberOfLeadingZeros(n - 1);
        this.halfBits = Math.max(1, (bits + 1) / 2);
        this.halfMask = (1L << halfBits) - 1;
        long s = seed;
        for (int i = 0; i < FEISTEL_ROUNDS; i++) {
            s = mix(s + 0x9E3779B97F4A7C15L);
            roundKeys[i] = s;
        }
    }

    /** {@code sum over i = 1..n of 1 / i^theta}. */
    static double zeta(long n, double theta) {
        double sum = 0;
        for (long i = 1; i <= n; i++) {
            sum += 1.0 / Math.pow(i, theta);
        }
        return sum;
    }

    public long keys() {
        return n;
    }

    public double theta() {
        return theta;
    }

    /** The probability of the key of rank {@code rank} (0 is the hottest). */
    public double probabilityOfRank(long rank) {
        return 1.0 / (Math.pow(rank + 1, theta) * zetaN);
    }

    /** A key number in {@code 0..n-1}. */
    public long next(RandomGenerator random) {
        return keyOfRank(nextRank(random));
    }

    /** A popularity rank in {@code 0..n-1}; 0 is the most frequent. */
    long nextRank(RandomGenerator random) {
        double u = random.nextDouble();
        double uz = u * zetaN;
        if (uz < 1.0) {
            return 0;
        }
        if (uz < secondRankBound) {
            return 1;
        }
        long rank = (long) (n * Math.pow(eta * u - eta + 1.0, alpha));
        return Math.min(Math.max(rank, 0), n - 1);
    }

    /** The key that has popularity rank {@code rank}: a fixed bijection of {@code 0..n-1}. */
    public long keyOfRank(long rank) {
        if (rank < 0 || rank >= n) {
            throw new IllegalArgumentException("rank " + rank + " outside 0.." + (n - 1));
        }
        long x = rank;
        do {
            x = permute(x);
        } while (x >= n); // the domain is at most 4n, so this loops fewer than 4 times on average
        return x;
    }

    /** One pass of the Feistel network over {@code 2 * halfBits} bits: a bijection of that domain. */
    private long permute(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (long key : roundKeys) {
            long next = left ^ (mix(right ^ key) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** SplitMix64's finaliser: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
