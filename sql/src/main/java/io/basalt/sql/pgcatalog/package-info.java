/**
 * PostgreSQL's system catalogs ({@code pg_catalog}) and {@code information_schema}, as
 * read-only relations computed from the catalog version a statement runs on, so that psql's
 * {@code \d} commands, pgbench and drivers can inspect tables, columns, indexes, constraints
 * and sequences.
 *
 * <p>Invariants: OIDs are derived from Basalt's table, index and column ids ({@link
 * io.basalt.sql.pgcatalog.Oids}), never stored; the rows of a relation depend on the catalog
 * version alone; type OIDs are PostgreSQL's. Columns of PostgreSQL type {@code oid} are
 * {@code bigint} here, {@code name} and {@code "char"} are {@code text}, because Basalt has
 * no such types; array columns hold their text form, typed as arrays
 * ({@link io.basalt.sql.expr.ArrayExprs#arrayOf}) where a client's query reads their elements.
 */
package io.basalt.sql.pgcatalog;
