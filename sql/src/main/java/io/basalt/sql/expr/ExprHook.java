package io.basalt.sql.expr;

import net.sf.jsqlparser.expression.Expression;

/**
 * Lets the planner take over binding of some expressions: above a GROUP BY, grouped
 * expressions and aggregate calls become references to the aggregate's output row.
 */
@FunctionalInterface
public interface ExprHook {
    /** The binding of {@code e}, or null to bind it normally. */
    Bound intercept(Expression e, ExprCompiler compiler);
}
