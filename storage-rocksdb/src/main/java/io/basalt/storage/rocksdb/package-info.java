/**
 * The storage engine on RocksDB: a server's applied state, larger than the heap, behind
 * {@link io.basalt.storage.api.Engine}.
 *
 * <p>Owns a RocksDB directory with two column families: {@code default} holds the caller's keys
 * and values, {@code basalt.meta} the applied index. Invariants (beyond the API's):
 * <ul>
 *   <li>RocksDB's write-ahead log is off: the Raft log, fsynced before entries are applied, is
 *       the write-ahead log. Applied batches are durable only once flushed.</li>
 *   <li>Every applied batch writes the applied index in the same RocksDB write batch, and the
 *       two column families are flushed atomically, so the durable applied index always names
 *       the last batch whose data is durable: never ahead of the data, never behind it.</li>
 *   <li>Every native object (database, column family handles, options, cache, statistics,
 *       snapshots, iterators with their read options and bound slices) is released exactly
 *       once: iterators before their snapshot, snapshots and iterators before the database,
 *       the database before its options.</li>
 * </ul>
 */
package io.basalt.storage.rocksdb;
