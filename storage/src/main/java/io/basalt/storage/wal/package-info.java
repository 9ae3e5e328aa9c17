/**
 * The write-ahead log: the on-disk form of each node's Raft log.
 *
 * <p>Owns a directory of segment files named by the sequence number of their first record
 * ({@code 00000000000000000001.wal}). A segment starts with a 20-byte header (magic, format
 * version, first sequence, CRC32C of the header) followed by frames
 * {@code [u32 length][u32 crc32c][payload]}, big-endian, where the CRC covers the four length
 * bytes and the payload. Records are opaque bytes; the caller encodes them.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Sequence numbers start at 1 and grow by one per record, without gaps, across
 *       segments: a segment's first sequence is the previous segment's last plus one.</li>
 *   <li>Every segment but the last is complete and durable: rollover fsyncs the old segment
 *       before the new one exists, and a new segment appears under its final name only after
 *       its header is durable (written to a temporary file, fsynced, renamed, directory
 *       fsynced). So the only damage a crash can leave is a torn tail of the last segment.</li>
 *   <li>On open, a torn or corrupt tail (a bad frame in the last segment with no valid frame
 *       after it) is cut and logged; any other damage stops the open with
 *       {@link io.basalt.storage.wal.WalCorruptionException} naming file and byte offset.
 *       Records are never dropped silently.</li>
 *   <li>A record is durable only once {@link io.basalt.storage.wal.SegmentedWal#sync()} has
 *       returned after its append.</li>
 *   <li>A failed write or fsync is final: the log refuses every later append and sync with
 *       {@link io.basalt.storage.wal.WalFailedException}, because after a failed fsync the
 *       kernel may have dropped the dirty pages and a retry that succeeds proves nothing.</li>
 * </ul>
 *
 * <p>{@link io.basalt.storage.wal.GroupCommitWriter} puts one writer thread in front of a
 * log, so that one fsync covers every batch that arrived while the previous fsync ran.
 */
package io.basalt.storage.wal;
