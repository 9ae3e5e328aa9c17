/**
 * SQL benchmarks: {@link io.basalt.bench.sql.SqlBench}, the closed-loop pgjdbc load that
 * bench/sql.sh runs against PostgreSQL and Basalt alike; {@link io.basalt.bench.sql.PreparedPlanBench},
 * the JMH measure of a cached prepared statement's cost in the session; and
 * {@link io.basalt.bench.sql.KvCallsPerStatement}, the key-value calls of one statement.
 * The in-memory store under the last two ({@link io.basalt.bench.sql.MemoryKvTxns}) is not the
 * node's and makes no claim about it.
 */
package io.basalt.bench.sql;
