package io.basalt.sql.types;

/**
 * Integer arithmetic for smallint, integer and bigint: computed exactly and checked against
 * the result type's range, reporting overflow as PostgreSQL does ("integer out of range",
 * 22003). Operands arrive as longs whatever their kind; the result is boxed as the kind's
 * Java class.
 */
final class Integers {
    private Integers() {
    }

    /** {@code n} as a value of {@code kind}, or 22003 "<type> out of range". */
    static Object narrow(long n, TypeKind kind) {
        return switch (kind) {
            case INT2 -> {
                if (n < Short.MIN_VALUE || n > Short.MAX_VALUE) {
                    throw TypeErrors.outOfRange(kind.sqlName());
                }
                yield (short) n;
            }
            case INT4 -> {
                if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                    throw TypeErrors.outOfRange(kind.sqlName());
                }
                yield (int) n;
            }
            case INT8 -> n;
            default -> throw new IllegalArgumentException("not an integer kind: " + kind);
        };
    }

    static Object apply(String op, long a, long b, TypeKind kind) {
        try {
            long r = switch (op) {
                case "+" -> Math.addExact(a, b);
                case "-" -> Math.subtractExact(a, b);
                case "*" -> Math.multiplyExact(a, b);
                case "/" -> {
                    if (b == 0) {
                        throw TypeErrors.divisionByZero();
                    }
                    // Long.MIN_VALUE / -1 overflows silently in Java; PostgreSQL reports it.
                    if (b == -1) {
                        yield Math.negateExact(a);
                    }
                    yield a / b;
                }
                case "%" -> {
                    if (b == 0) {
                        throw TypeErrors.divisionByZero();
                    }
                    yield b == -1 ? 0 : a % b;
                }
                default -> throw new IllegalArgumentException("not an integer operator: " + op);
            };
            return narrow(r, kind);
        } catch (ArithmeticException e) {
            throw TypeErrors.outOfRange(kind.sqlName());
        }
    }

    static Object negate(long a, TypeKind kind) {
        if (a == Long.MIN_VALUE) {
            throw TypeErrors.outOfRange(kind.sqlName());
        }
        return narrow(-a, kind);
    }
}
