package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.Arithmetic;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Built-in numeric functions. Where PostgreSQL has both a numeric and a double precision
 * version, a numeric argument picks the numeric one and anything else (integers included,
 * double precision being the preferred numeric type) the double precision one.
 */
final class MathFunctions {
    private static final SqlType N = SqlType.NUMERIC;
    private static final SqlType D = SqlType.FLOAT8;

    private MathFunctions() {
    }

    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "abs" -> abs(c, args);
            case "round" -> args.size() == 2 ? numericWithScale(c, args, RoundingMode.HALF_UP)
                    : unary(c, args, x -> x.setScale(0, RoundingMode.HALF_UP), Math::rint);
            case "trunc" -> args.size() == 2 ? numericWithScale(c, args, RoundingMode.DOWN)
                    : unary(c, args, x -> x.setScale(0, RoundingMode.DOWN), d -> d < 0 ? Math.ceil(d) : Math.floor(d));
            case "ceil", "ceiling" -> unary(c, args, x -> x.setScale(0, RoundingMode.CEILING), Math::ceil);
            case "floor" -> unary(c, args, x -> x.setScale(0, RoundingMode.FLOOR), Math::floor);
            case "sign" -> unary(c, args, x -> BigDecimal.valueOf(x.signum()), Math::signum);
            case "sqrt" -> unary(c, args, NumericMath::sqrt, MathFunctions::sqrt);
            // The functions behind the prefix operators |/ and ||/, which have no numeric version.
            case "dsqrt" -> float8(c, args, MathFunctions::sqrt);
            case "cbrt", "dcbrt" -> float8(c, args, Math::cbrt);
            case "power", "pow" -> power(c, args);
            case "mod" -> mod(c, args);
            case "gcd", "lcm", "factorial", "div" -> IntegralFunctions.call(c, name, args);
            case "width_bucket" -> WidthBucket.call(c, args);
            case "random" -> args.isEmpty()
                    ? Bound.of((env, row) -> ThreadLocalRandom.current().nextDouble(), D).withVolatile() : null;
            default -> ExpLogFunctions.call(c, name, args);
        };
    }

    private static boolean isNumeric(Bound b) {
        return b.type().kind() == TypeKind.NUMERIC;
    }

    private static Bound abs(ExprCompiler c, List<Bound> args) {
        if (args.size() != 1) {
            return null;
        }
        Bound a = args.get(0);
        SqlType t = a.isUntyped() ? D : a.type();
        if (!t.kind().isNumeric()) {
            return null;
        }
        Bound typed = a.isUntyped() ? Coercion.implicit(a, D, c.params()) : a;
        return Functions.strict(List.of(typed), t, (e, v) -> switch (t.kind()) {
            case NUMERIC -> ((BigDecimal) v[0]).abs();
            case FLOAT4 -> Math.abs((Float) v[0]);
            case FLOAT8 -> Math.abs((Double) v[0]);
            default -> ((Number) v[0]).longValue() < 0 ? Arithmetic.negate(v[0], t) : v[0];
        });
    }

    /** A function with a numeric version ({@code n}) and a double precision one ({@code d}). */
    private static Bound unary(ExprCompiler c, List<Bound> args, java.util.function.UnaryOperator<BigDecimal> n,
                               java.util.function.DoubleUnaryOperator d) {
        if (args.size() != 1) {
            return null;
        }
        if (isNumeric(args.get(0))) {
            return Functions.strict(args, N, (e, v) -> n.apply((BigDecimal) v[0]));
        }
        List<Bound> m = Functions.match(c, args, D);
        return m == null ? null : Functions.strict(m, D, (e, v) -> d.applyAsDouble((Double) v[0]));
    }

    /** A function of double precision only: other numeric arguments are converted to it. */
    private static Bound float8(ExprCompiler c, List<Bound> args, java.util.function.DoubleUnaryOperator d) {
        List<Bound> m = Functions.match(c, args, D);
        return m == null ? null : Functions.strict(m, D, (e, v) -> d.applyAsDouble((Double) v[0]));
    }

    /** round(numeric, int) and trunc(numeric, int); a negative scale rounds left of the point. */
    private static Bound numericWithScale(ExprCompiler c, List<Bound> args, RoundingMode mode) {
        List<Bound> m = Functions.match(c, args, N, SqlType.INT4);
        if (m == null) {
            return null;
        }
        return Functions.strict(m, N, (e, v) -> {
            BigDecimal r = ((BigDecimal) v[0]).setScale((Integer) v[1], mode);
            return r.scale() < 0 ? r.setScale(0) : r;
        });
    }

    private static double sqrt(double d) {
        if (d < 0) {
            throw new SqlException("2201F", "cannot take square root of a negative number");
        }
        return Math.sqrt(d);
    }

    private static Bound power(ExprCompiler c, List<Bound> args) {
        if (args.size() == 2 && (isNumeric(args.get(0)) || isNumeric(args.get(1)))) {
            List<Bound> m = Functions.match(c, args, N, N);
            return m == null ? null
                    : Functions.strict(m, N, (e, v) -> NumericMath.power((BigDecimal) v[0], (BigDecimal) v[1]));
        }
        List<Bound> m = Functions.match(c, args, D, D);
        return m == null ? null : Functions.strict(m, D, (e, v) -> power((Double) v[0], (Double) v[1]));
    }

    private static double power(double x, double y) {
        if (x == 0 && y < 0) {
            throw new SqlException("2201F", "zero raised to a negative power is undefined");
        }
        if (x < 0 && y != Math.rint(y)) {
            throw new SqlException("2201F", "a negative number raised to a non-integer power yields a complex result");
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
            throw new SqlException("22003", "value out of range: overflow");
        }
        return r;
    }

    /** mod(a, b): integers in the wider integer type, otherwise numeric; there is no float mod. */
    private static Bound mod(ExprCompiler c, List<Bound> args) {
        if (args.size() != 2) {
            return null;
        }
        SqlType t = Coercion.operatorType(typeOrInt(args.get(0)), typeOrInt(args.get(1)));
        if (t == null || !(t.kind().isInteger() || t.kind() == TypeKind.NUMERIC)) {
            return null;
        }
        List<Bound> m = Functions.match(c, args, t, t);
        return m == null ? null : Functions.strict(m, t, (e, v) -> Arithmetic.apply("%", v[0], t, v[1], t));
    }

    private static SqlType typeOrInt(Bound b) {
        return b.isUntyped() ? SqlType.INT4 : b.type();
    }
}
