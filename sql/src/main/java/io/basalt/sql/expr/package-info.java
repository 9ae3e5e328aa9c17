/**
 * Scalar and aggregate expressions: binding JSqlParser expression trees against a
 * {@link io.basalt.sql.expr.Scope} with PostgreSQL's typing rules, and compiling them into
 * {@link io.basalt.sql.expr.Expr} closures evaluated over rows.
 *
 * <p>Invariants: a compiled expression never changes after compilation and holds no
 * per-execution state (plans are cached and reused), so everything an execution needs —
 * the {@link io.basalt.sql.exec.ExecContext}, the rows of enclosing queries, memoised
 * uncorrelated subqueries — travels in the {@link io.basalt.sql.expr.Env}. Values are the
 * engine values {@link io.basalt.sql.types.TypeKind} documents, and an expression's value
 * is always of its {@link io.basalt.sql.expr.Bound#type()} (or null). Two text types carry a
 * mark in their modifiers: a regclass ({@link io.basalt.sql.expr.CatalogFunctions#REGCLASS})
 * and an array ({@link io.basalt.sql.expr.ArrayExprs}); their values are strings like any
 * text, and only the comparisons and functions that know the mark read them otherwise.
 */
package io.basalt.sql.expr;
