package io.basalt.sql.expr;

/**
 * A compiled expression evaluated over one row. Unlike {@link io.basalt.sql.exec.RowExpr} it
 * receives an {@link Env}, because a correlated subquery reads the rows of the queries that
 * enclose it and those rows are not part of its own row.
 */
@FunctionalInterface
public interface Expr {
    Object eval(Env env, Object[] row);
}
