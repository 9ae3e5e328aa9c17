package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import java.math.BigDecimal;
import java.util.List;

/**
 * width_bucket(operand, low, high, count): which of {@code count} equal-width buckets between
 * the bounds holds the operand, 0 below the range and count + 1 at or above its end (with
 * high &lt; low the buckets run downwards). PostgreSQL has a numeric version, computed exactly,
 * and a double precision one; the choice between them is {@link Overloads}'. The form over an
 * array of thresholds needs arrays, which Basalt does not have.
 */
final class WidthBucket {
    private static final SqlType N = SqlType.NUMERIC;
    private static final SqlType D = SqlType.FLOAT8;
    private static final SqlType I = SqlType.INT4;
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    private WidthBucket() {
    }

    static Bound call(ExprCompiler c, List<Bound> args) {
        SqlType[] sig = Overloads.select("width_bucket", args, new SqlType[] {N, N, N, I},
                new SqlType[] {D, D, D, I});
        if (sig == null) {
            return null;
        }
        List<Bound> m = Functions.match(c, args, sig);
        if (sig[0].kind() == N.kind()) {
            return Functions.strict(m, I, (e, v) -> bucket((BigDecimal) v[0], (BigDecimal) v[1], (BigDecimal) v[2],
                    (Integer) v[3]));
        }
        return Functions.strict(m, I, (e, v) -> bucket((Double) v[0], (Double) v[1], (Double) v[2], (Integer) v[3]));
    }

    static int bucket(BigDecimal operand, BigDecimal low, BigDecimal high, int count) {
        checkCount(count);
        int order = low.compareTo(high);
        if (order == 0) {
            throw equalBounds();
        }
        BigDecimal counted = BigDecimal.valueOf(count);
        BigDecimal r;
        if (order < 0 ? operand.compareTo(low) < 0 : operand.compareTo(low) > 0) {
            r = BigDecimal.ZERO;
        } else if (order < 0 ? operand.compareTo(high) >= 0 : operand.compareTo(high) <= 0) {
            r = counted.add(BigDecimal.ONE);
        } else {
            BigDecimal distance = operand.subtract(low).abs();
            BigDecimal width = high.subtract(low).abs();
            r = distance.multiply(counted).divideToIntegralValue(width).add(BigDecimal.ONE);
        }
        if (r.compareTo(INT_MAX) > 0) {
            throw new SqlException("22003", "integer out of range");
        }
        return r.intValue();
    }

    static int bucket(double operand, double low, double high, int count) {
        checkCount(count);
        if (Double.isNaN(operand) || Double.isNaN(low) || Double.isNaN(high)) {
            throw invalid("operand, lower bound, and upper bound cannot be NaN");
        }
        // An infinite operand is allowed: it lands in bucket 0 or count + 1.
        if (Double.isInfinite(low) || Double.isInfinite(high)) {
            throw invalid("lower and upper bounds must be finite");
        }
        if (low == high) {
            throw equalBounds();
        }
        boolean up = low < high;
        if (up ? operand < low : operand > low) {
            return 0;
        }
        if (up ? operand >= high : operand <= high) {
            if (count == Integer.MAX_VALUE) {
                throw new SqlException("22003", "integer out of range");
            }
            return count + 1;
        }
        double r = up ? (double) count * (operand - low) / (high - low) + 1
                : (double) count * (low - operand) / (low - high) + 1;
        return cTruncate(r);
    }

    /**
     * The double to int conversion of PostgreSQL 15's C code on x86-64: toward zero, and
     * -2147483648 for NaN and values out of range, which PostgreSQL returns when the bounds'
     * difference overflows to infinity (where Java's cast would give 0 or saturate).
     */
    private static int cTruncate(double r) {
        return r >= Integer.MIN_VALUE && r < 0x1p31 ? (int) r : Integer.MIN_VALUE;
    }

    private static void checkCount(int count) {
        if (count <= 0) {
            throw invalid("count must be greater than zero");
        }
    }

    private static SqlException equalBounds() {
        return invalid("lower bound cannot equal upper bound");
    }

    private static SqlException invalid(String message) {
        return new SqlException("2201G", message);
    }
}
