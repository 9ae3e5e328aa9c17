package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseAnd;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseLeftShift;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseOr;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseRightShift;
import net.sf.jsqlparser.expression.operators.relational.Intersects;

/**
 * The integer bit operators {@code & | # ~ << >>}. {@code & | #} work in the wider integer type
 * of their operands; a shift keeps its left operand's type and takes an integer count, which
 * wraps at the type's width as it does in PostgreSQL on common hardware.
 */
final class BitwiseOps {
    private BitwiseOps() {
    }

    static boolean isBitwise(Expression e) {
        return e instanceof BitwiseAnd || e instanceof BitwiseOr || e instanceof Intersects
                || e instanceof BitwiseLeftShift || e instanceof BitwiseRightShift;
    }

    static Bound binary(ExprCompiler c, Expression e, Scope s) {
        BinaryExpression b = (BinaryExpression) e;
        String op = switch (e) {
            case BitwiseAnd a -> "&";
            case BitwiseOr o -> "|";
            case Intersects x -> "#";
            case BitwiseLeftShift l -> "<<";
            default -> ">>";
        };
        Bound l = c.compile(b.getLeftExpression(), s);
        Bound r = c.compile(b.getRightExpression(), s);
        boolean shift = op.equals("<<") || op.equals(">>");
        SqlType lt = l.isUntyped() ? (shift || r.isUntyped() ? SqlType.INT4 : r.type()) : l.type();
        SqlType rt = shift ? SqlType.INT4 : r.isUntyped() ? lt : r.type();
        if (!lt.kind().isInteger() || !rt.kind().isInteger()) {
            throw SqlErrors.operatorDoesNotExist(op, l.type(), r.type());
        }
        SqlType t = shift ? lt : Coercion.operatorType(lt, rt);
        Bound x = Coercion.implicit(l, t, c.params());
        Bound y = Coercion.implicit(r, shift ? SqlType.INT4 : t, c.params());
        Expr a = x.expr();
        Expr bb = y.expr();
        TypeKind k = t.kind();
        return Bound.over((env, row) -> {
            Object p = a.eval(env, row);
            Object q = p == null ? null : bb.eval(env, row);
            return q == null ? null : narrow(apply(op, ((Number) p).longValue(), ((Number) q).longValue(), k), k);
        }, t, x, y);
    }

    private static long apply(String op, long p, long q, TypeKind k) {
        return switch (op) {
            case "&" -> p & q;
            case "|" -> p | q;
            case "#" -> p ^ q;
            case "<<" -> k == TypeKind.INT8 ? p << q : (int) p << q;
            default -> k == TypeKind.INT8 ? p >> q : (int) p >> q;
        };
    }

    private static Object narrow(long v, TypeKind k) {
        return switch (k) {
            case INT2 -> (short) v;
            case INT4 -> (int) v;
            default -> v;
        };
    }

    /** Prefix {@code ~}: bitwise not, of the operand's integer type. */
    static Bound not(Bound b) {
        if (b.isUntyped()) {
            throw new SqlException("42725", "operator is not unique: ~ unknown");
        }
        TypeKind k = b.type().kind();
        if (!k.isInteger()) {
            throw SqlErrors.operatorDoesNotExist("~", null, b.type());
        }
        Expr x = b.expr();
        return b.derive((env, row) -> {
            Object v = x.eval(env, row);
            return v == null ? null : narrow(~((Number) v).longValue(), k);
        }, b.type());
    }
}
