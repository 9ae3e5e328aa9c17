package io.basalt.sql.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The decimal digits PostgreSQL prints for a float: its Ryu implementation picks the fewest
 * significant digits of a decimal lying strictly inside the interval of reals that round to
 * the float, and of those the one nearest the float (ties to even). Java's
 * {@code Double.toString} differs in two ways: it also accepts a decimal exactly on the
 * interval's edge (which reads back correctly only by round-half-even; PostgreSQL built
 * without STRICTLY_SHORTEST refuses it, printing 1e23 as 9.999999999999999e+22), and it never
 * prints fewer than two digits (4.9E-324 where PostgreSQL prints 5e-324). Java's answer is
 * kept whenever neither case can apply, which is almost always and cheap to tell.
 */
final class ShortestDigits {
    private static final int FLOAT8_DIGITS_MAX = 17;
    private static final int FLOAT4_DIGITS_MAX = 9;

    private ShortestDigits() {
    }

    /** The digits of finite, non-zero {@code d}. */
    static BigDecimal of(double d) {
        BigDecimal java = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (!suspect(java)) {
            return java;
        }
        double a = Math.abs(d);
        BigDecimal below = new BigDecimal(Math.nextDown(a));
        BigDecimal above = Double.isInfinite(Math.nextUp(a)) ? null : new BigDecimal(Math.nextUp(a));
        return search(new BigDecimal(a), below, above, FLOAT8_DIGITS_MAX, d < 0);
    }

    /** The digits of finite, non-zero {@code f}. */
    static BigDecimal of(float f) {
        BigDecimal java = new BigDecimal(Float.toString(f)).stripTrailingZeros();
        if (!suspect(java)) {
            return java;
        }
        float a = Math.abs(f);
        BigDecimal below = new BigDecimal(Math.nextDown(a));
        BigDecimal above = Float.isInfinite(Math.nextUp(a)) ? null : new BigDecimal(Math.nextUp(a));
        return search(new BigDecimal(a), below, above, FLOAT4_DIGITS_MAX, f < 0);
    }

    /**
     * Whether Java's digits might differ from PostgreSQL's: two digits (maybe one would do),
     * or a value that could sit exactly on an interval edge. Edges are midpoints between
     * floats, so dyadic rationals; a decimal m / 10^s with s > 0 is dyadic only if 5^s divides m.
     */
    private static boolean suspect(BigDecimal digits) {
        if (digits.precision() == 2 || digits.scale() <= 0) {
            return true;
        }
        BigInteger m = digits.unscaledValue().abs();
        return m.mod(BigInteger.valueOf(5).pow(digits.scale())).signum() == 0;
    }

    /**
     * The fewest-digit decimal strictly between the midpoints to the neighbours of
     * {@code exact} ({@code above} null: no upper neighbour, the interval is symmetric).
     */
    private static BigDecimal search(BigDecimal exact, BigDecimal below, BigDecimal above, int digitsMax, boolean negative) {
        BigDecimal two = BigDecimal.valueOf(2);
        BigDecimal lo = exact.add(below).divide(two);
        BigDecimal hi = above != null ? exact.add(above).divide(two) : exact.add(exact.subtract(lo));
        for (int n = 1; n <= digitsMax; n++) {
            BigDecimal nearest = exact.round(new MathContext(n, RoundingMode.HALF_EVEN));
            BigDecimal pick = null;
            if (inside(nearest, lo, hi)) {
                pick = nearest;
            } else {
                BigDecimal down = exact.round(new MathContext(n, RoundingMode.FLOOR));
                BigDecimal up = exact.round(new MathContext(n, RoundingMode.CEILING));
                pick = inside(down, lo, hi) ? down : (inside(up, lo, hi) ? up : null);
            }
            if (pick != null) {
                pick = pick.stripTrailingZeros();
                return negative ? pick.negate() : pick;
            }
        }
        BigDecimal fallback = exact.round(new MathContext(digitsMax, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return negative ? fallback.negate() : fallback;
    }

    private static boolean inside(BigDecimal v, BigDecimal lo, BigDecimal hi) {
        return v.compareTo(lo) > 0 && v.compareTo(hi) < 0;
    }
}
