/**
 * SQL value semantics and encodings: what a value of each {@link io.basalt.sql.types.TypeKind}
 * is, how it compares, converts and computes, and every byte form it takes.
 *
 * <p>This package owns:
 * <ul>
 * <li>the Java representation of values (see {@link io.basalt.sql.types.TypeKind}; SQL NULL is
 *     Java null everywhere);</li>
 * <li>PostgreSQL's text and binary wire forms ({@link io.basalt.sql.types.TextCodec},
 *     {@link io.basalt.sql.types.BinaryCodec});</li>
 * <li>the btree order, equality and hashing ({@link io.basalt.sql.types.Values});</li>
 * <li>casts and operators with PostgreSQL 15's result types and errors
 *     ({@link io.basalt.sql.types.Casts}, {@link io.basalt.sql.types.Arithmetic});</li>
 * <li>the storage encodings: order-preserving keys ({@link io.basalt.sql.types.KeyCodec}) and
 *     self-describing row values ({@link io.basalt.sql.types.RowCodec}).</li>
 * </ul>
 *
 * <p>Invariants:
 * <ul>
 * <li>For two non-null values a, b of one type, the unsigned byte order of their keys equals
 *     {@code Values.compare(a, b)}; equal keys mean {@code Values.equals}; NULL sorts last
 *     ascending and first descending.</li>
 * <li>Every encoding decodes to a value {@code Values.equals} to the one encoded; text, binary
 *     and row forms keep it exactly.</li>
 * <li>Every error a user can cause is a {@link io.basalt.sql.api.SqlException} with
 *     PostgreSQL's SQLSTATE and message; stored bytes that cannot be decoded are XX001.</li>
 * <li>Strings compare by code point: Basalt has only the C collation.</li>
 * </ul>
 * The package has no state and does no I/O; the session's time zone is passed in.
 */
package io.basalt.sql.types;
