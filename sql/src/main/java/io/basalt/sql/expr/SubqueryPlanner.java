package io.basalt.sql.expr;

import net.sf.jsqlparser.statement.select.Select;

/**
 * Plans a subquery found inside an expression. Implemented by the query planner, so that
 * expressions can contain queries without this package depending on the planner.
 */
@FunctionalInterface
public interface SubqueryPlanner {
    /**
     * Plans {@code select} with {@code outer} as the scope of the enclosing query. The subquery
     * binds with {@code enclosing.forSubquery()}, and hands the references it makes past the
     * enclosing query to {@code enclosing.outerRefs()} when it is done.
     */
    Subquery plan(Select select, Scope outer, ExprCompiler enclosing);
}
