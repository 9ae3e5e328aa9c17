/**
 * The SQL catalog: table definitions ({@link io.basalt.sql.catalog.TableDef} and its parts),
 * their stored form and cache ({@link io.basalt.sql.catalog.CatalogStore}), sequences
 * ({@link io.basalt.sql.catalog.Sequences}) and the DDL statements that change them
 * ({@link io.basalt.sql.catalog.DdlExecutor}).
 *
 * <p>Invariants: a catalog is immutable and identified by its version; names are folded as
 * PostgreSQL folds identifiers; column ids, index ids and table ids are never reused, so stale
 * bytes can never be read as a newer object. DDL is transactional: it changes the catalog in
 * the statement's key-value transaction, serialized against every other transaction by the
 * catalog version key's lock (see CatalogStore), and rolls back with it.
 */
package io.basalt.sql.catalog;
