package io.basalt.sql.plan;

import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Coercion;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.types.Casts;
import io.basalt.sql.types.SqlType;
import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.statement.select.Select;

/**
 * LIMIT, OFFSET and FETCH FIRST: bigint expressions that may not read the rows (they may use
 * parameters: {@code LIMIT $1} makes $1 a bigint).
 */
final class Limits {
    private Limits() {
    }

    static PlanNode apply(PlanNode node, Select s, Scope outer, ExprCompiler c) {
        Expression limit = null;
        if (s.getLimit() != null) {
            limit = s.getLimit().getRowCount();
        }
        if (s.getFetch() != null) {
            // FETCH FIRST ROW ONLY, without a count, is one row.
            limit = s.getFetch().getExpression() != null ? s.getFetch().getExpression() : new LongValue(1);
        }
        Expression offset = s.getOffset() == null ? null : s.getOffset().getOffset();
        if (limit instanceof AllValue || limit instanceof NullValue) {
            limit = null;
        }
        if (limit == null && offset == null) {
            return node;
        }
        Scope scope = Scope.empty().withOuter(outer);
        return new LimitNode(node, bigint(limit, "LIMIT", scope, c), bigint(offset, "OFFSET", scope, c));
    }

    private static Expr bigint(Expression e, String clause, Scope scope, ExprCompiler c) {
        if (e == null) {
            return null;
        }
        Bound b = c.inClause(clause).compile(e, scope);
        if (b.isUntyped()) {
            return Coercion.implicit(b, SqlType.INT8, c.params()).expr();
        }
        if (!b.type().kind().isNumeric()) {
            throw SqlErrors.datatypeMismatch("argument of " + clause + " must be type bigint, not type "
                    + b.type().kind().sqlName());
        }
        Expr x = b.expr();
        SqlType from = b.type();
        return (env, row) -> {
            Object v = x.eval(env, row);
            return v == null ? null : Casts.castForAssignment(v, from, SqlType.INT8);
        };
    }
}
