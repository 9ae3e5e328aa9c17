/**
 * Queries and DML: turns SELECT, VALUES, set operations, INSERT, UPDATE, DELETE and EXPLAIN
 * into trees of {@link io.basalt.sql.plan.PlanNode}s over the {@link io.basalt.sql.store.TableStore},
 * and runs them. {@link io.basalt.sql.plan.StatementPlanner} is the entry point the session calls.
 *
 * <p>Invariants: a plan is immutable once built and may be executed any number of times
 * (prepared statements); per-execution state lives in the iterators {@code open} returns and
 * in the {@link io.basalt.sql.expr.Env}. Nodes pull rows (Volcano style), so LIMIT stops the
 * scans below it early. A row is an {@code Object[]} laid out as the node's scope says; a join
 * emits the left row's columns followed by the right row's.
 */
package io.basalt.sql.plan;
