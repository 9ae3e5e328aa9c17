package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * numeric sqrt and power with the result scales PostgreSQL chooses: enough for 16 significant
 * digits, at least the inputs' scales. Non-integral powers go through exp(y * ln(x)) computed
 * with guard digits, so the rounded result matches PostgreSQL's.
 */
final class NumericMath {
    /** NUMERIC_MIN_SIG_DIGITS. */
    private static final int SIGNIFICANT_DIGITS_MIN = 16;
    /** NUMERIC_MAX_DISPLAY_SCALE. */
    private static final int SCALE_MAX = 1000;
    /** Extra digits carried through ln/exp so the final rounding is right. */
    private static final int GUARD_DIGITS = 12;

    private NumericMath() {
    }

    /** The base-10000 weight of the leading digit group, as PostgreSQL stores numerics. */
    static int groupWeight(BigDecimal a) {
        if (a.signum() == 0) {
            return 0;
        }
        int exponent = a.precision() - a.scale() - 1;
        return Math.floorDiv(exponent, 4);
    }

    private static int clampScale(int rscale, int... inputScales) {
        int r = rscale;
        for (int s : inputScales) {
            r = Math.max(r, s);
        }
        return Math.min(Math.max(r, 0), SCALE_MAX);
    }

    static BigDecimal sqrt(BigDecimal x) {
        if (x.signum() < 0) {
            throw new SqlException("2201F", "cannot take square root of a negative number");
        }
        // C integer division, truncating toward zero, as numeric_sqrt computes it.
        int sweight = (groupWeight(x) + 1) * 4 / 2 - 1;
        int rscale = clampScale(SIGNIFICANT_DIGITS_MIN - sweight, Math.max(x.scale(), 0));
        if (x.signum() == 0) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        int digits = Math.max(1, x.precision() - x.scale()) / 2 + rscale + GUARD_DIGITS;
        return x.sqrt(new MathContext(digits, RoundingMode.HALF_EVEN)).setScale(rscale, RoundingMode.HALF_UP);
    }

    static BigDecimal power(BigDecimal base, BigDecimal exp) {
        if (base.signum() == 0 && exp.signum() < 0) {
            throw new SqlException("2201F", "zero raised to a negative power is undefined");
        }
        BigDecimal integral = exp.stripTrailingZeros();
        if (integral.scale() <= 0 && integral.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            return powerInt(base, integral.intValueExact());
        }
        if (base.signum() < 0) {
            throw new SqlException("2201F", "a negative number raised to a non-integer power yields a complex result");
        }
        if (base.signum() == 0) {
            return BigDecimal.ZERO.setScale(clampScale(SIGNIFICANT_DIGITS_MIN, base.scale(), exp.scale()));
        }
        double estimate = exp.doubleValue() * Math.log10(base.doubleValue());
        int rscale = clampScale(SIGNIFICANT_DIGITS_MIN - (int) estimate, Math.max(base.scale(), 0),
                Math.max(exp.scale(), 0));
        int digits = Math.max(0, (int) estimate) + rscale + GUARD_DIGITS;
        MathContext mc = new MathContext(digits, RoundingMode.HALF_EVEN);
        return exp(exp.multiply(ln(base, mc), mc), mc).setScale(rscale, RoundingMode.HALF_UP);
    }

    /** An integral exponent: PostgreSQL 15 keeps 16 decimal places (more if the base has them). */
    private static BigDecimal powerInt(BigDecimal base, int n) {
        int rscale = clampScale(SIGNIFICANT_DIGITS_MIN, Math.max(base.scale(), 0));
        if (n == 0) {
            return BigDecimal.ONE.setScale(rscale);
        }
        BigDecimal p = base.pow(Math.abs(n));
        if (n < 0) {
            return BigDecimal.ONE.divide(p, rscale, RoundingMode.HALF_UP);
        }
        return p.setScale(rscale, RoundingMode.HALF_UP);
    }

    /** Natural logarithm of a positive {@code x}: Halley's iteration on exp, from a double estimate. */
    static BigDecimal ln(BigDecimal x, MathContext mc) {
        int shift = x.precision() - x.scale() - 1;
        BigDecimal y = lnNear(x.movePointLeft(shift), mc);
        if (shift == 0) {
            return y;
        }
        return y.add(lnNear(BigDecimal.TEN, mc).multiply(BigDecimal.valueOf(shift), mc), mc);
    }

    /** ln of {@code m} whose double logarithm is a close first estimate (m between 1 and 10 here). */
    private static BigDecimal lnNear(BigDecimal m, MathContext mc) {
        BigDecimal y = new BigDecimal(Math.log(m.doubleValue()), mc);
        BigDecimal tolerance = BigDecimal.ONE.movePointLeft(mc.getPrecision());
        BigDecimal two = BigDecimal.valueOf(2);
        for (int i = 0; i < 100; i++) {
            BigDecimal ey = exp(y, mc);
            BigDecimal step = two.multiply(m.subtract(ey, mc), mc).divide(m.add(ey, mc), mc);
            y = y.add(step, mc);
            if (step.abs().compareTo(tolerance) <= 0) {
                break;
            }
        }
        return y;
    }

    /** e^x by halving the argument until small, a Taylor series, then squaring back. */
    static BigDecimal exp(BigDecimal x, MathContext mc) {
        MathContext wide = new MathContext(mc.getPrecision() + 10, RoundingMode.HALF_EVEN);
        int halvings = 0;
        BigDecimal r = x;
        while (r.abs().compareTo(BigDecimal.valueOf(0.01)) > 0) {
            r = r.divide(BigDecimal.valueOf(2), wide);
            halvings++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal tolerance = BigDecimal.ONE.movePointLeft(wide.getPrecision() + 2);
        for (int k = 1; k < 1000 && term.abs().compareTo(tolerance) > 0; k++) {
            term = term.multiply(r, wide).divide(BigDecimal.valueOf(k), wide);
            sum = sum.add(term, wide);
        }
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, wide);
        }
        return sum.round(mc);
    }
}
