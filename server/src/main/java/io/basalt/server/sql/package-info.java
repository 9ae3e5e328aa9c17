/**
 * The SQL front end of a node: the PostgreSQL wire protocol server, the SQL engine, and the
 * key-value port the engine runs on, implemented over the node-to-node client so a statement
 * received by any node runs on the group's leader.
 */
package io.basalt.server.sql;
