/**
 * What the SQL engine offers a protocol front end (pgwire): sessions that run simple and
 * extended queries and report results and SQLSTATE errors. Nothing here knows about bytes on
 * a socket; values are the engine's Java values (see {@link io.basalt.sql.types.TypeKind}).
 */
package io.basalt.sql.api;
