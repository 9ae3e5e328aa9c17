/**
 * Snapshot transfer: how a leader streams the state behind a snapshot to a follower whose next
 * entry it has compacted away, beside the Raft core rather than inside it (as etcd's raft leaves
 * it to its application). The core only decides that a follower needs a snapshot and emits an
 * {@code InstallSnapshot} with the snapshot's metadata; the driver then runs a
 * {@link io.basalt.raft.transfer.SnapshotSender} at the leader and a
 * {@link io.basalt.raft.transfer.SnapshotReceiver} at the follower, and steps the
 * {@code InstallSnapshot} into the follower's core only once every file is held and verified.
 *
 * <p>Both sessions are deterministic state machines like the core: inputs are
 * {@link io.basalt.raft.transfer.TransferMessage}s and ticks; effects are messages in an outbox;
 * the bytes come and go through two ports ({@link io.basalt.raft.transfer.TransferSource},
 * {@link io.basalt.raft.transfer.TransferSink}) that the driver implements: files on a node,
 * byte arrays in the simulator.
 *
 * <p>The protocol: the sender offers a {@link io.basalt.raft.transfer.TransferManifest} (the
 * snapshot's metadata, and every file's name, size and SHA-256); the receiver answers with how
 * much of each file it already holds durably (a resume after a dropped connection or a restart
 * of either side costs only what was not acknowledged); the sender streams the rest in chunks,
 * each with its CRC32C, at most {@code windowChunks} unacknowledged at a time (flow control) and
 * at most {@code bytesPerTickMax} per tick; the receiver writes each chunk durably before it
 * acknowledges it, asks again for a chunk that failed its CRC or came after a gap, and checks
 * each whole file against its SHA-256 (a mismatch discards the file and asks for it from its
 * start). A silent peer is given up after {@code idleTicksMax}; the driver starts again.
 *
 * <p>Memory: one chunk at a time on each side, whatever the state's size.
 */
package io.basalt.raft.transfer;
