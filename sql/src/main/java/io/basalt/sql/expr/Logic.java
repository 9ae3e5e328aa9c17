package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.IsUnknownExpression;

/** AND, OR, NOT with SQL's three-valued logic, and the IS [NOT] NULL/TRUE/FALSE/UNKNOWN tests. */
final class Logic {
    private Logic() {
    }

    /** {@code b} as a boolean operand of {@code where}; an untyped literal reads as boolean. */
    static Bound requireBoolean(Bound b, String where, ParamTypes params) {
        if (b.isUntyped()) {
            return Coercion.implicit(b, SqlType.BOOL, params);
        }
        if (b.type().kind() != TypeKind.BOOL) {
            throw SqlErrors.datatypeMismatch("argument of " + where + " must be type boolean, not type "
                    + b.type().kind().sqlName());
        }
        return b;
    }

    static Bound and(ExprCompiler c, AndExpression a, Scope s) {
        Bound lb = requireBoolean(c.compile(a.getLeftExpression(), s), "AND", c.params());
        Bound rb = requireBoolean(c.compile(a.getRightExpression(), s), "AND", c.params());
        Expr l = lb.expr();
        Expr r = rb.expr();
        return Bound.over((env, row) -> {
            Object x = l.eval(env, row);
            if (Boolean.FALSE.equals(x)) {
                return false;
            }
            Object y = r.eval(env, row);
            if (Boolean.FALSE.equals(y)) {
                return false;
            }
            return x == null || y == null ? null : Boolean.TRUE;
        }, SqlType.BOOL, lb, rb);
    }

    static Bound or(ExprCompiler c, OrExpression o, Scope s) {
        Bound lb = requireBoolean(c.compile(o.getLeftExpression(), s), "OR", c.params());
        Bound rb = requireBoolean(c.compile(o.getRightExpression(), s), "OR", c.params());
        Expr l = lb.expr();
        Expr r = rb.expr();
        return Bound.over((env, row) -> {
            Object x = l.eval(env, row);
            if (Boolean.TRUE.equals(x)) {
                return true;
            }
            Object y = r.eval(env, row);
            if (Boolean.TRUE.equals(y)) {
                return true;
            }
            return x == null || y == null ? null : Boolean.FALSE;
        }, SqlType.BOOL, lb, rb);
    }

    static Bound not(ExprCompiler c, NotExpression n, Scope s) {
        Bound b = requireBoolean(c.compile(n.getExpression(), s), "NOT", c.params());
        Expr e = b.expr();
        return b.derive((env, row) -> {
            Object v = e.eval(env, row);
            return v == null ? null : !(Boolean) v;
        }, SqlType.BOOL);
    }

    static Bound isNull(ExprCompiler c, IsNullExpression n, Scope s) {
        Bound b = c.compile(n.getLeftExpression(), s);
        Expr e = b.expr();
        boolean not = n.isNot();
        return b.derive((env, row) -> (e.eval(env, row) == null) != not, SqlType.BOOL);
    }

    static Bound isBoolean(ExprCompiler c, IsBooleanExpression n, Scope s) {
        String op = "IS " + (n.isNot() ? "NOT " : "") + (n.isTrue() ? "TRUE" : "FALSE");
        Bound b = requireBoolean(c.compile(n.getLeftExpression(), s), op, c.params());
        Expr e = b.expr();
        Boolean wanted = n.isTrue();
        boolean not = n.isNot();
        return b.derive((env, row) -> wanted.equals(e.eval(env, row)) != not, SqlType.BOOL);
    }

    static Bound isUnknown(ExprCompiler c, IsUnknownExpression n, Scope s) {
        Bound b = requireBoolean(c.compile(n.getLeftExpression(), s), "IS UNKNOWN", c.params());
        Expr e = b.expr();
        boolean not = n.isNot();
        return b.derive((env, row) -> (e.eval(env, row) == null) != not, SqlType.BOOL);
    }
}
