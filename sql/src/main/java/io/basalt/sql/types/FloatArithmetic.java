package io.basalt.sql.types;

import io.basalt.sql.api.SqlException;

/**
 * real and double precision arithmetic with PostgreSQL's checks: a finite computation that
 * gives infinity is 22003 "value out of range: overflow", a product or quotient of non-zero
 * finite values that gives zero is "value out of range: underflow", division by zero is
 * 22012 (except NaN / 0, which is NaN). real operations are computed in single precision.
 */
final class FloatArithmetic {
    private FloatArithmetic() {
    }

    static SqlException overflow() {
        return new SqlException(TypeErrors.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
    }

    static SqlException underflow() {
        return new SqlException(TypeErrors.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow");
    }

    static double apply8(String op, double a, double b) {
        double r = switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> {
                if (b == 0 && !Double.isNaN(a)) {
                    throw TypeErrors.divisionByZero();
                }
                yield a / b;
            }
            default -> throw new IllegalArgumentException("not a float operator: " + op);
        };
        check(op, r, a, b);
        return r;
    }

    static float apply4(String op, float a, float b) {
        float r = switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> {
                if (b == 0 && !Float.isNaN(a)) {
                    throw TypeErrors.divisionByZero();
                }
                yield a / b;
            }
            default -> throw new IllegalArgumentException("not a float operator: " + op);
        };
        check(op, r, a, b);
        return r;
    }

    private static void check(String op, double r, double a, double b) {
        if (Double.isInfinite(r) && !Double.isInfinite(a) && !Double.isInfinite(b)) {
            throw overflow();
        }
        boolean zeroAllowed = switch (op) {
            case "*" -> a == 0 || b == 0;
            case "/" -> a == 0 || Double.isInfinite(b);
            default -> true;
        };
        if (r == 0 && !zeroAllowed) {
            throw underflow();
        }
    }
}
