/**
 * Multi-version storage of committed values: every committed write of a key is kept as a
 * version stamped with its commit timestamp, so a read at a timestamp sees one consistent
 * state of the data without taking locks, and garbage collection drops versions no read can
 * see any more.
 *
 * <p>Invariants: a key's versions strictly increase in commit timestamp; once versions have
 * been collected below a horizon, history at or below it is frozen (no write lands there), so
 * every read at or after the horizon keeps seeing what it saw before. Keys are ordered as
 * unsigned bytes ({@link io.basalt.txn.Keys#ORDER}). Pure, single-threaded, in memory.
 */
package io.basalt.txn.mvcc;
