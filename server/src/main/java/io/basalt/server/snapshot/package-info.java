/**
 * Snapshot transfers on a node: a leader streams the state behind a snapshot to a follower whose
 * next entry it has compacted away, in checksummed chunks over the node port, with flow control,
 * resumable after a dropped connection or a restart of either side. The protocol itself is
 * {@code io.basalt.raft.transfer}; this package gives it files and a thread.
 *
 * <p>{@link io.basalt.server.snapshot.SnapshotTransfers} runs every transfer of one group on its
 * own thread (reads, writes, fsyncs and digests never run on the group's event loop).
 * {@link io.basalt.server.snapshot.OutgoingCheckpoints} holds the leader's checkpoints of its
 * state engine ({@code <dataDir>/state/snapshots/out/group-<id>}): taken on the group's loop between
 * two applied entries, hard links on RocksDB, reused for other followers and after a restart,
 * each with the manifest of its files' sizes and SHA-256. {@link
 * io.basalt.server.snapshot.IncomingStaging} is the follower's side
 * ({@code <dataDir>/state/snapshots/in/group-<id>}): the files received so far, named by their digest,
 * each chunk written and fsynced before it is acknowledged; once every file is whole and checked
 * they are linked into a checkpoint directory, which the group installs as its engine after the
 * snapshot's log record is durable. Both live under {@code <dataDir>/state}, beside the engines,
 * so that a checkpoint is hard links and an install a rename even when {@code state} is a file
 * system of its own; an in-memory node, which streams images, uses {@code <dataDir>/snapshots}.
 *
 * <p>Invariants: a follower's engine is replaced only by a checkpoint whose every file passed its
 * SHA-256, and only when the Raft core installs that snapshot; the staging belongs to one leader
 * and is deleted when another takes over; a leader sends to one follower one transfer at a time.
 */
package io.basalt.server.snapshot;
