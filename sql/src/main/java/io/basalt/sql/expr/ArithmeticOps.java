package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.Arithmetic;
import io.basalt.sql.types.SqlType;
import java.math.BigInteger;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import java.util.List;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseXor;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;

/**
 * {@code + - * / %}, unary minus and {@code ||}. Result types and the values themselves come
 * from {@link Arithmetic}; this class only settles untyped operands first, as PostgreSQL's
 * operator resolution does ({@code 1 + '2'} reads '2' as an integer).
 */
final class ArithmeticOps {
    private ArithmeticOps() {
    }

    static boolean isArithmetic(Expression e) {
        return e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication
                || e instanceof Division || e instanceof Modulo || e instanceof BitwiseXor;
    }

    static Bound binary(ExprCompiler c, Expression e, Scope s) {
        BinaryExpression b = (BinaryExpression) e;
        if (e instanceof BitwiseXor) {
            // PostgreSQL's ^ is exponentiation, not exclusive or.
            Bound base = c.compile(b.getLeftExpression(), s);
            return Functions.power(c, List.of(base, c.compile(b.getRightExpression(), s)));
        }
        String op = switch (e) {
            case Addition a -> "+";
            case Subtraction x -> "-";
            case Multiplication m -> "*";
            case Division d -> "/";
            default -> "%";
        };
        return apply(c, op, c.compile(b.getLeftExpression(), s), c.compile(b.getRightExpression(), s));
    }

    /** {@code l op r} for an arithmetic operator or {@code ||}. */
    static Bound apply(ExprCompiler c, String op, Bound l, Bound r) {
        if (ArrayExprs.elementOf(l.type()) != null || ArrayExprs.elementOf(r.type()) != null) {
            // An array is kept as its text form: || would join the texts, not the arrays.
            throw SqlErrors.notSupported("operator " + op + " on arrays");
        }
        if (l.isUntyped() && r.isUntyped()) {
            if (!op.equals("||")) {
                throw new SqlException("42725", "operator is not unique: unknown " + op + " unknown");
            }
            l = Coercion.implicit(l, SqlType.TEXT, c.params());
            r = Coercion.implicit(r, SqlType.TEXT, c.params());
        } else if (op.equals("+") && (isDate(l) && r.isUntyped() || isDate(r) && l.isUntyped())) {
            // date + integer, date + interval and others would all fit.
            throw new SqlException("42725", "operator is not unique: " + (l.isUntyped() ? "unknown + date" : "date + unknown"),
                    null, "Could not choose a best candidate operator. You might need to add explicit type casts.", 0, null);
        } else if (l.isUntyped()) {
            l = Coercion.implicit(l, untypedPartner(op, r), c.params());
        } else if (r.isUntyped()) {
            r = Coercion.implicit(r, untypedPartner(op, l), c.params());
        }
        SqlType lt = l.type();
        SqlType rt = r.type();
        SqlType result = Arithmetic.resultType(op, lt, rt);
        Expr a = l.expr();
        Expr b = r.expr();
        return Bound.over((env, row) -> {
            Object x = a.eval(env, row);
            if (x == null) {
                return null;
            }
            Object y = b.eval(env, row);
            return y == null ? null : Arithmetic.apply(op, x, lt, y, rt, env.ctx().zone());
        }, result, l, r);
    }

    /** The type an untyped operand takes beside {@code other}: text for {@code ||}, else the other's type. */
    private static SqlType untypedPartner(String op, Bound other) {
        io.basalt.sql.types.TypeKind k = other.type().kind();
        if (k == io.basalt.sql.types.TypeKind.INTERVAL && (op.equals("*") || op.equals("/"))) {
            return SqlType.FLOAT8;
        }
        if (op.equals("+") && (k == io.basalt.sql.types.TypeKind.TIMESTAMP || k == io.basalt.sql.types.TypeKind.TIMESTAMPTZ)) {
            // There is no timestamp + timestamp: the one + with a timestamp takes an interval.
            return SqlType.INTERVAL;
        }
        if (op.equals("||") && other.type().kind() != io.basalt.sql.types.TypeKind.BYTEA) {
            return SqlType.TEXT;
        }
        return SqlType.of(other.type().kind());
    }

    private static boolean isDate(Bound b) {
        return !b.isUntyped() && b.type().kind() == io.basalt.sql.types.TypeKind.DATE;
    }

    static Bound concat(ExprCompiler c, Concat e, Scope s) {
        return apply(c, "||", c.compile(e.getLeftExpression(), s), c.compile(e.getRightExpression(), s));
    }

    /** Unary minus and plus; a minus sign on an integer literal folds into it, as in PostgreSQL's grammar. */
    static Bound signed(ExprCompiler c, SignedExpression e, Scope s) {
        char sign = e.getSign();
        if (sign == '-' && e.getExpression() instanceof LongValue lv) {
            return Literals.integer(new BigInteger(lv.getStringValue()).negate());
        }
        Bound b = c.compile(e.getExpression(), s);
        if (sign == '~') {
            return BitwiseOps.not(b);
        }
        if (b.isUntyped()) {
            throw new SqlException("42725", "operator is not unique: " + sign + " unknown");
        }
        if (!b.type().kind().isNumeric() && b.type().kind() != io.basalt.sql.types.TypeKind.INTERVAL) {
            throw SqlErrors.operatorDoesNotExist(String.valueOf(sign), null, b.type());
        }
        if (sign == '+') {
            return b.derive(b.expr(), b.type());
        }
        if (sign != '-') {
            throw SqlErrors.notSupported("operator " + sign);
        }
        Expr x = b.expr();
        SqlType t = b.type();
        if (b.kind() == Bound.Kind.LITERAL) {
            return Bound.literal(Arithmetic.negate(x.eval(null, null), t), t);
        }
        return b.derive((env, row) -> Arithmetic.negate(x.eval(env, row), t), t);
    }
}
