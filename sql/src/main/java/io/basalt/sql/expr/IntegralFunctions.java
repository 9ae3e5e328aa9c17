package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

/**
 * gcd, lcm, factorial and div: the functions whose answers are whole numbers (or, for gcd and
 * lcm of numerics, whole multiples of the arguments' last decimal place). gcd and lcm exist for
 * integer, bigint and numeric, chosen as PostgreSQL chooses ({@link Overloads}); factorial only
 * takes bigint and div only numeric. A result that does not fit its integer type is 22003.
 */
final class IntegralFunctions {
    private static final SqlType I4 = SqlType.INT4;
    private static final SqlType I8 = SqlType.INT8;
    private static final SqlType N = SqlType.NUMERIC;
    /** The largest n whose factorial PostgreSQL's numeric can hold; above it is 22003. */
    private static final int FACTORIAL_ARGUMENT_MAX = 32177;

    private IntegralFunctions() {
    }

    /** The call of {@code name}, or null if no overload of it takes these arguments. */
    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "gcd", "lcm" -> gcdOrLcm(c, name, args);
            case "factorial" -> {
                List<Bound> m = Functions.match(c, args, I8);
                yield m == null ? null : Functions.strict(m, N, (e, v) -> factorial((Long) v[0]));
            }
            case "div" -> {
                List<Bound> m = Functions.match(c, args, N, N);
                yield m == null ? null : Functions.strict(m, N, (e, v) -> div((BigDecimal) v[0], (BigDecimal) v[1]));
            }
            default -> null;
        };
    }

    private static Bound gcdOrLcm(ExprCompiler c, String name, List<Bound> args) {
        SqlType[] sig = Overloads.select(name, args, new SqlType[] {I4, I4}, new SqlType[] {I8, I8},
                new SqlType[] {N, N});
        if (sig == null) {
            return null;
        }
        boolean gcd = name.equals("gcd");
        List<Bound> m = Functions.match(c, args, sig);
        return switch (sig[0].kind()) {
            case INT4 -> Functions.strict(m, I4, (e, v) -> fit(gcdOrLcm(big(v[0]), big(v[1]), gcd), 31, "integer")
                    .intValue());
            case INT8 -> Functions.strict(m, I8, (e, v) -> fit(gcdOrLcm(big(v[0]), big(v[1]), gcd), 63, "bigint")
                    .longValue());
            default -> Functions.strict(m, N, (e, v) -> gcdOrLcm((BigDecimal) v[0], (BigDecimal) v[1], gcd));
        };
    }

    private static BigInteger big(Object integer) {
        return BigInteger.valueOf(((Number) integer).longValue());
    }

    /**
     * gcd or lcm of the magnitudes: never negative, and 0 when either argument is 0 (lcm) or
     * both are (gcd). Computed without overflow, so the caller's range check is the only one,
     * which is where PostgreSQL fails too: gcd(-2147483648, 0) is 2^31, too big for integer.
     */
    static BigInteger gcdOrLcm(BigInteger a, BigInteger b, boolean gcd) {
        BigInteger g = a.gcd(b);
        if (gcd) {
            return g;
        }
        return a.signum() == 0 || b.signum() == 0 ? BigInteger.ZERO : a.divide(g).multiply(b).abs();
    }

    /**
     * numeric gcd and lcm work on the arguments scaled to whole numbers by their larger scale,
     * so gcd(12.5, 2.5) is 2.5; the result keeps that scale (gcd(12, 18.0) is 6.0).
     */
    static BigDecimal gcdOrLcm(BigDecimal a, BigDecimal b, boolean gcd) {
        int scale = Math.max(0, Math.max(a.scale(), b.scale()));
        BigInteger r = gcdOrLcm(a.setScale(scale).unscaledValue(), b.setScale(scale).unscaledValue(), gcd);
        return new BigDecimal(r, scale);
    }

    private static BigInteger fit(BigInteger r, int bits, String type) {
        if (r.bitLength() > bits) {
            throw new SqlException("22003", type + " out of range");
        }
        return r;
    }

    static BigDecimal factorial(long n) {
        if (n < 0) {
            throw new SqlException("22003", "factorial of a negative number is undefined");
        }
        if (n > FACTORIAL_ARGUMENT_MAX) {
            throw new SqlException("22003", "value overflows numeric format");
        }
        BigInteger r = BigInteger.ONE;
        for (int i = 2; i <= n; i++) {
            r = r.multiply(BigInteger.valueOf(i));
        }
        return new BigDecimal(r);
    }

    /** The quotient truncated toward zero, without decimals (div(-7.5, 2) is -3). */
    static BigDecimal div(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new SqlException("22012", "division by zero");
        }
        return a.divideToIntegralValue(b).setScale(0, RoundingMode.DOWN);
    }
}
