/**
 * Multi-version storage of committed values: every committed write of a key is kept as a
 * version stamped with its commit timestamp, so a read at a timestamp sees one consistent
 * state of the data without taking locks, and garbage collection drops versions no read can
 * see any more.
 *
 * <p>{@link io.basalt.txn.mvcc.MvccStore} is the interface; {@link io.basalt.txn.mvcc.VersionStore}
 * keeps the versions in memory and {@link io.basalt.txn.mvcc.EngineVersionStore} in a
 * {@code storage.api.Engine}, under (key, inverted commit timestamp) as
 * {@code VersionKeys} lays them out, written in one batch with the applied index per step.
 * The engine is a port handed in by the owner: this package itself does no I/O.
 *
 * <p>Invariants: a key's versions strictly increase in commit timestamp; once versions have
 * been collected below a horizon, history at or below it is frozen (no write lands there), so
 * every read at or after the horizon keeps seeing what it saw before; versions at a pending
 * commit timestamp are invisible to every read until committed. Keys are ordered as unsigned
 * bytes ({@link io.basalt.txn.Keys#ORDER}). Pure and single-threaded.
 */
package io.basalt.txn.mvcc;
