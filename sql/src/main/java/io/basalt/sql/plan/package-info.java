/**
 * Queries and DML: turns SELECT (with VALUES, set operations and non-recursive WITH), INSERT,
 * UPDATE, DELETE and EXPLAIN of them into trees of {@link io.basalt.sql.plan.PlanNode}s over
 * the {@link io.basalt.sql.store.TableStore}, and runs them.
 * {@link io.basalt.sql.plan.StatementPlanner} is the entry point the session calls.
 *
 * <p>Planning, in the order a SELECT block is planned: FROM items are joined left-deep in the
 * order written; every WHERE/ON conjunct is checked as early as it can be (pushed into a
 * table's scan when it reads only that table, never below a LEFT JOIN into its nullable side);
 * each table's pushed conjuncts pick its access path ({@link io.basalt.sql.plan.AccessPathChooser}:
 * primary key lookups, unique or secondary index ranges, else a full scan); equi-joins hash
 * or, when they fix the whole primary key of the right table, look each key up; then
 * grouping, HAVING, the select list, DISTINCT, ORDER BY (left out when the rows already come
 * in that order) and LIMIT. Every condition an access path implements is still re-checked.
 *
 * <p>Invariants: a plan is immutable once built and may be executed any number of times, by
 * any thread (prepared statements); per-execution state lives in the iterators {@code open}
 * returns and in the {@link io.basalt.sql.expr.Env}. Nodes pull rows (Volcano style), so LIMIT
 * stops the scans below it early. A row is an {@code Object[]} laid out as the node's scope
 * says; a join emits the left row's columns followed by the right row's, and keeps the left
 * row order. Statements that write read all the rows they change (with FOR UPDATE locks) and
 * compute all new rows before writing the first; a failure part-way is rolled back by the
 * session, not here.
 *
 * <p>A RIGHT or FULL JOIN is a nested loop that also emits the right rows no left row
 * matched; past one, nothing is pushed below it (the rows joined before it may be
 * null-extended). UPDATE ... FROM and DELETE ... USING plan the target table joined with the
 * other items, and change each target row once however many rows it joins.
 *
 * <p>Refused with 0A000: window functions and WINDOW, ordered-set aggregates, WITH RECURSIVE
 * and data-modifying WITH, parenthesised joins, RIGHT/FULL JOIN with USING or NATURAL,
 * LATERAL and table functions (generate_series is served in a select list only), GROUPING
 * SETS, SELECT INTO, FOR UPDATE NOWAIT/SKIP LOCKED (and FOR UPDATE with grouping, DISTINCT or
 * set operations, as in PostgreSQL), ON CONFLICT on expressions or partial indexes, row
 * constructors outside comparisons, interval field qualifiers that would restrict a value,
 * EXPLAIN ANALYZE.
 */
package io.basalt.sql.plan;
