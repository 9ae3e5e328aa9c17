/**
 * Rows and indexes of SQL tables on the transactional key-value store: the key layout, the
 * {@link io.basalt.sql.store.TableStore} implementation with constraint enforcement, and the
 * table-wide work of DDL.
 *
 * <h2>Key layout</h2>
 * <pre>
 * key   := 0x01 | uint32 table id | uint32 index id | key columns
 * </pre>
 * <ul>
 * <li>{@code 0x01} marks the SQL keyspace; other users of the key-value store (the CLI's
 *     {@code basalt kv}) write printable keys, which never start with it.</li>
 * <li>Ids and key columns use {@link io.basalt.sql.types.KeyCodec}: big-endian uint32 ids,
 *     order-preserving self-delimiting columns, NULL after every value, each byte inverted for
 *     a DESC column. So byte order is SQL order, a range of an index is a range of keys, and a
 *     prefix of key columns is a prefix of bytes.</li>
 * <li><b>Primary index</b> entries hold the rows: key = primary key columns; value =
 *     {@link io.basalt.sql.types.RowCodec} of every column by column id. A table declared
 *     without a primary key has a hidden BIGINT {@code rowid} column, filled from a sequence,
 *     as its primary key.</li>
 * <li><b>Unique index</b> entries: key = index columns; value = the row's primary key columns
 *     as encoded in its primary key (the "pk suffix"): {@code prefix(primary) | suffix} is the
 *     row's key. An entry with a NULL among its columns is not unique-checked (NULLs are
 *     distinct, as in PostgreSQL) and is stored like a non-unique entry.</li>
 * <li><b>Non-unique index</b> entries: key = index columns | pk suffix; value empty. A reader
 *     tells the two kinds apart by the value: never empty for a unique entry.</li>
 * <li><b>Catalog</b>, table id 0, with the "index id" naming the kind of record:
 *     {@code 0x01|0|1} the catalog version (int64); {@code 0x01|0|2|table id} a table's
 *     definition (protobuf, catalog.proto); {@code 0x01|0|3|table id|column id} the last value
 *     of a column's sequence (int64); {@code 0x01|0|4|counter id} the catalog's counters
 *     (table ids, catalog versions). User tables get ids from 100.</li>
 * </ul>
 * Every key of a table starts with its table id and every row key continues with its primary
 * key, so hash sharding by primary key can later split a table by a hash of the bytes after the
 * index header without changing this layout; unique and secondary indexes are already keyed by
 * their own columns, as DESIGN.md §7 wants them sharded.
 *
 * <h2>Writes and constraints</h2>
 * Insert and update check, before writing anything of the row: NOT NULL (23502), CHECK
 * (23514, PostgreSQL's name order), PRIMARY KEY and UNIQUE (23505, by reading the would-be
 * entry, which under SERIALIZABLE also locks its absence), FOREIGN KEY (23503, by reading the
 * referenced row, which share-locks it). Deleting or updating a referenced key applies the
 * referencing foreign keys' actions (see ReferentialActions). A statement that fails leaves its
 * earlier rows in the transaction, as in PostgreSQL, where the failed statement makes the whole
 * transaction roll back.
 */
package io.basalt.sql.store;
