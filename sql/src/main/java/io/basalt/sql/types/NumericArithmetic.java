package io.basalt.sql.types;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * numeric arithmetic with PostgreSQL's result scales: a sum or difference keeps the larger
 * input scale, a product the sum of the scales (exact), a remainder the larger scale, and a
 * quotient the scale {@link #divisionScale} chooses, rounded half away from zero.
 */
final class NumericArithmetic {
    /** NUMERIC_MIN_SIG_DIGITS: a quotient has at least this many significant digits. */
    private static final int QUOTIENT_SIGNIFICANT_DIGITS_MIN = 16;
    /** NUMERIC_MAX_DISPLAY_SCALE. */
    private static final int QUOTIENT_SCALE_MAX = 1000;
    /** DEC_DIGITS: PostgreSQL stores numerics in base-10000 digits of four decimal digits. */
    private static final int DIGITS_PER_GROUP = 4;

    private NumericArithmetic() {
    }

    static BigDecimal apply(String op, BigDecimal a, BigDecimal b) {
        BigDecimal r = switch (op) {
            case "+" -> a.add(b);
            case "-" -> a.subtract(b);
            case "*" -> a.multiply(b);
            case "/" -> {
                if (b.signum() == 0) {
                    throw TypeErrors.divisionByZero();
                }
                yield a.divide(b, divisionScale(a, b), RoundingMode.HALF_UP);
            }
            case "%" -> {
                if (b.signum() == 0) {
                    throw TypeErrors.divisionByZero();
                }
                yield a.remainder(b).setScale(Math.max(a.scale(), b.scale()), RoundingMode.UNNECESSARY);
            }
            default -> throw new IllegalArgumentException("not a numeric operator: " + op);
        };
        return NumericSupport.checkLimits(r.scale() < 0 ? r.setScale(0) : r);
    }

    /**
     * select_div_scale: enough scale for 16 significant digits given the estimated weight of
     * the quotient in base-10000 digits, at least either input's scale, at most 1000.
     */
    static int divisionScale(BigDecimal a, BigDecimal b) {
        int weightA = 0;
        int firstA = 0;
        if (a.signum() != 0) {
            weightA = groupWeight(a);
            firstA = firstGroup(a, weightA);
        }
        int weightB = 0;
        int firstB = 0;
        if (b.signum() != 0) {
            weightB = groupWeight(b);
            firstB = firstGroup(b, weightB);
        }
        int quotientWeight = weightA - weightB;
        if (firstA <= firstB) {
            quotientWeight--;
        }
        int scale = QUOTIENT_SIGNIFICANT_DIGITS_MIN - quotientWeight * DIGITS_PER_GROUP;
        scale = Math.max(scale, Math.max(a.scale(), 0));
        scale = Math.max(scale, Math.max(b.scale(), 0));
        return Math.min(Math.max(scale, 0), QUOTIENT_SCALE_MAX);
    }

    /** The base-10000 position of the leading non-zero group of {@code v} (non-zero). */
    private static int groupWeight(BigDecimal v) {
        int leadingDecimalExponent = v.precision() - v.scale() - 1;
        return Math.floorDiv(leadingDecimalExponent, DIGITS_PER_GROUP);
    }

    private static int firstGroup(BigDecimal v, int weight) {
        return v.abs().movePointLeft(weight * DIGITS_PER_GROUP).setScale(0, RoundingMode.DOWN).intValueExact();
    }
}
