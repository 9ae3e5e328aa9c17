package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * exp, ln, log and pi. As elsewhere, a numeric argument picks PostgreSQL's numeric version and
 * anything else the double precision one. The numeric versions show about 16 significant
 * digits (never fewer decimals than an argument has), PostgreSQL's display rule for them.
 */
final class ExpLogFunctions {
    private static final SqlType N = SqlType.NUMERIC;
    private static final SqlType D = SqlType.FLOAT8;
    private static final int SIGNIFICANT_DIGITS = 16;

    private ExpLogFunctions() {
    }

    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "pi" -> args.isEmpty() ? Bound.literal(Math.PI, D) : null;
            case "exp" -> unary(c, args, ExpLogFunctions::exp, Math::exp);
            case "ln" -> unary(c, args, x -> log(x, null), x -> Math.log(positive(x)));
            case "log", "log10" -> args.size() == 2 && name.equals("log") ? logBase(c, args)
                    : unary(c, args, x -> log(x, BigDecimal.TEN), x -> Math.log10(positive(x)));
            default -> null;
        };
    }

    private static Bound unary(ExprCompiler c, List<Bound> args, java.util.function.UnaryOperator<BigDecimal> n,
                               java.util.function.DoubleUnaryOperator d) {
        if (args.size() != 1) {
            return null;
        }
        if (args.get(0).type().kind() == TypeKind.NUMERIC) {
            return Functions.strict(args, N, (e, v) -> n.apply((BigDecimal) v[0]));
        }
        List<Bound> m = Functions.match(c, args, D);
        return m == null ? null : Functions.strict(m, D, (e, v) -> overflowChecked(d.applyAsDouble((Double) v[0])));
    }

    /** log(b, x) exists only for numeric. */
    private static Bound logBase(ExprCompiler c, List<Bound> args) {
        List<Bound> m = Functions.match(c, args, N, N);
        return m == null ? null : Functions.strict(m, N, (e, v) -> log((BigDecimal) v[1], (BigDecimal) v[0]));
    }

    private static double positive(double x) {
        if (x == 0) {
            throw new SqlException("2201E", "cannot take logarithm of zero");
        }
        if (x < 0) {
            throw new SqlException("2201E", "cannot take logarithm of a negative number");
        }
        return x;
    }

    private static double overflowChecked(double r) {
        if (Double.isInfinite(r)) {
            throw new SqlException("22003", "value out of range: overflow");
        }
        return r;
    }

    /** The logarithm of {@code x} to {@code base}, natural when base is null. */
    static BigDecimal log(BigDecimal x, BigDecimal base) {
        positive(x.signum());
        MathContext mc = new MathContext(SIGNIFICANT_DIGITS + 20 + Math.abs(x.precision() - x.scale()),
                RoundingMode.HALF_EVEN);
        BigDecimal r = NumericMath.ln(x, mc);
        int argScale = x.scale();
        if (base != null) {
            positive(base.signum());
            BigDecimal lnBase = NumericMath.ln(base, mc);
            if (lnBase.signum() == 0) {
                throw new SqlException("22012", "division by zero");
            }
            r = r.divide(lnBase, mc);
            argScale = Math.max(argScale, base.scale());
        }
        return display(r, argScale);
    }

    static BigDecimal exp(BigDecimal x) {
        if (x.compareTo(BigDecimal.valueOf(6000)) > 0) {
            throw new SqlException("22003", "value overflows numeric format");
        }
        int digits = SIGNIFICANT_DIGITS + 20 + (int) Math.abs(x.doubleValue() * 0.4343);
        return display(NumericMath.exp(x, new MathContext(digits, RoundingMode.HALF_EVEN)), x.scale());
    }

    /** About 16 significant digits, at least {@code argScale} decimals, none negative. */
    private static BigDecimal display(BigDecimal r, int argScale) {
        int scale = SIGNIFICANT_DIGITS;
        if (r.signum() != 0) {
            int e = r.precision() - r.scale() - 1;
            scale = SIGNIFICANT_DIGITS - (e >= 0 ? e : e + 1);
        }
        return r.setScale(Math.max(0, Math.max(scale, argScale)), RoundingMode.HALF_UP);
    }
}
