/**
 * The transactional key-value API as the layers above see it (SQL, the CLI's scripts): a
 * port with no transport in it. A running node implements it over its node-to-node client;
 * tests may implement it in memory. Every failure carries a PostgreSQL SQLSTATE so it can
 * reach a SQL client unchanged.
 */
package io.basalt.kv.client;
