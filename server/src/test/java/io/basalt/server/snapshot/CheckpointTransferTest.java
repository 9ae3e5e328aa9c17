package io.basalt.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.kv.KvCommands;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.Membership;
import io.basalt.raft.SnapshotMeta;
import io.basalt.raft.transfer.SnapshotReceiver;
import io.basalt.raft.transfer.SnapshotSender;
import io.basalt.raft.transfer.TransferLimits;
import io.basalt.raft.transfer.TransferManifest;
import io.basalt.raft.transfer.TransferMessage;
import io.basalt.storage.rocksdb.RocksEngine;
import io.basalt.storage.rocksdb.RocksEngineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RocksDB checkpoint sent through the real pieces (the leader's {@link OutgoingCheckpoints} and
 * {@link CheckpointSource}, the follower's {@link IncomingStaging} on real files) with the
 * transfer protocol between them: the received checkpoint opens as an engine with the state the
 * leader had, a damaged chunk is sent again, and a follower that restarts mid-transfer resumes
 * from what it had fsynced.
 */
class CheckpointTransferTest {
    private static final NodeId LEADER = NodeId.of("n1");
    private static final NodeId FOLLOWER = NodeId.of("n2");
    private static final int CHUNK = 16 << 10;
    private static final TransferLimits LIMITS = new TransferLimits(CHUNK, 8, 20, 2_000, 0);

    @TempDir
    Path dir;
    private long leaderDigest;
    private long leaderIndex;
    private OutgoingCheckpoints checkpoints;
    private OutgoingCheckpoints.Checkpoint checkpoint;
    private TransferManifest manifest;

    @BeforeEach
    void leaderCheckpoint() throws Exception {
        Path state = dir.resolve("leader-state");
        try (KvStateMachine kv = new KvStateMachine(RocksEngine.open(state, RocksEngineOptions.defaults()
            .withBlockCacheBytes(8 << 20)), UnaryOperator.identity())) {
            Prng prng = new Prng(7);
            for (int i = 1; i <= 400; i++) {
                byte[] value = new byte[2_000];
                for (int b = 0; b < value.length; b++) {
                    value[b] = (byte) prng.nextInt(256); // incompressible: the files are as large as the data
                }
                kv.apply(i, 1, KvCommands.put(0, 0, ("key-" + i).getBytes(), value));
            }
            leaderDigest = kv.digest();
            leaderIndex = kv.appliedIndex();
        }
        try (RocksEngine engine = RocksEngine.open(state, RocksEngineOptions.defaults().withBlockCacheBytes(8 << 20))) {
            checkpoints = new OutgoingCheckpoints(dir.resolve("leader"), 1);
            checkpoint = checkpoints.take(engine, new SnapshotMeta(leaderIndex, 1, members()));
        }
        manifest = checkpoints.manifest(checkpoint);
        assertThat(manifest.totalBytes()).as("about the data written").isGreaterThan(600_000);
    }

    private static Membership members() {
        return new Membership(new TreeSet<>(List.of(LEADER, FOLLOWER)), new TreeSet<>());
    }

    /** A sender and a receiver, messages delivered in order; {@code damage} picks chunks to damage. */
    private final class Pair {
        final SnapshotSender sender;
        final IncomingStaging staging;
        SnapshotReceiver receiver;
        int damaged;
        java.util.function.IntPredicate damage = n -> false;
        int chunks;

        Pair(long transferId, IncomingStaging staging) {
            this.sender = new SnapshotSender(1, LEADER, FOLLOWER, 2, transferId, manifest,
                new CheckpointSource(checkpoint.dir()), LIMITS);
            this.staging = staging;
        }

        /** Runs until done or {@code maxChunks} chunks were delivered to the receiver. */
        void run(int maxChunks) {
            List<TransferMessage> queue = new ArrayList<>(sender.takeOutbox());
            for (int steps = 0; steps < 1_000_000 && !sender.isOver(); steps++) {
                if (queue.isEmpty()) {
                    sender.tick();
                    if (receiver != null) {
                        receiver.tick();
                    }
                    sender.pump();
                    queue.addAll(sender.takeOutbox());
                    continue;
                }
                TransferMessage m = queue.removeFirst();
                if (m.to().equals(FOLLOWER)) {
                    if (m instanceof TransferMessage.Chunk c) {
                        if (chunks++ >= maxChunks) {
                            return;
                        }
                        if (damage.test(chunks)) {
                            byte[] bad = c.data().clone();
                            bad[bad.length / 2] ^= 1;
                            damaged++;
                            m = new TransferMessage.Chunk(c.groupId(), c.from(), c.to(), c.term(), c.transferId(),
                                c.file(), c.offset(), bad, c.crc32c());
                        }
                    }
                    if (m instanceof TransferMessage.Offer o && receiver == null) {
                        receiver = new SnapshotReceiver(o, staging, LIMITS);
                    } else {
                        receiver.step(m);
                    }
                    queue.addAll(receiver.takeOutbox());
                } else {
                    sender.step(m);
                    sender.pump();
                    queue.addAll(sender.takeOutbox());
                }
            }
        }
    }

    private void assertReceivedStateEqualsTheLeaders(IncomingStaging staging) throws Exception {
        Path ready = staging.prepare(manifest);
        assertThat(ready).isEqualTo(staging.ready(manifest.meta()));
        try (KvStateMachine kv = new KvStateMachine(RocksEngine.open(ready, RocksEngineOptions.defaults()
            .withBlockCacheBytes(8 << 20)), UnaryOperator.identity())) {
            assertThat(kv.appliedIndex()).isEqualTo(leaderIndex);
            assertThat(kv.digest()).as("the follower's engine holds the leader's state").isEqualTo(leaderDigest);
        }
    }

    @Test
    void aCheckpointArrivesWholeAndOpensAsTheLeadersState() throws Exception {
        IncomingStaging staging = new IncomingStaging(dir.resolve("follower"), 1, CHUNK);
        staging.own(LEADER);
        Pair p = new Pair(1, staging);
        p.run(Integer.MAX_VALUE);
        assertThat(p.sender.state()).isEqualTo(SnapshotSender.State.DONE);
        assertThat(p.receiver.state()).isEqualTo(SnapshotReceiver.State.COMPLETE);
        assertThat(p.sender.bytesSent()).isEqualTo(manifest.totalBytes());
        assertReceivedStateEqualsTheLeaders(staging);
    }

    @Test
    void aDamagedChunkFailsItsCrcAndIsSentAgain() throws Exception {
        IncomingStaging staging = new IncomingStaging(dir.resolve("follower"), 1, CHUNK);
        staging.own(LEADER);
        Pair p = new Pair(1, staging);
        p.damage = n -> n == 5 || n == 17;
        p.run(Integer.MAX_VALUE);
        assertThat(p.damaged).isEqualTo(2);
        assertThat(p.receiver.chunksDamaged()).as("both caught by their CRC32C").isEqualTo(2);
        assertThat(p.sender.bytesResent()).as("and sent again").isPositive();
        assertReceivedStateEqualsTheLeaders(staging);
    }

    @Test
    void aFollowerRestartedMidTransferResumesFromWhatItFsynced() throws Exception {
        Path followerData = dir.resolve("follower");
        IncomingStaging first = new IncomingStaging(followerData, 1, CHUNK);
        first.own(LEADER);
        Pair before = new Pair(1, first);
        before.run(20);
        long held = first.stagedBytes();
        assertThat(held).as("part of it arrived").isGreaterThan(10L * CHUNK).isLessThan(manifest.totalBytes());

        // A new process: its staging is read from disk; a torn tail after the last acknowledged
        // chunk (garbage the crash left) is appended to the file being received.
        Path part;
        try (var files = Files.list(followerData.resolve("snapshots/in/group-1/files"))) {
            part = files.filter(f -> f.toString().endsWith(".part")).findFirst().orElseThrow();
        }
        Files.write(part, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        IncomingStaging second = new IncomingStaging(followerData, 1, CHUNK);
        assertThat(second.owner()).isEqualTo(LEADER);
        Pair after = new Pair(2, second);
        after.run(Integer.MAX_VALUE);
        assertThat(after.receiver.resumedBytes()).as("what the first process fsynced, less a chunk")
            .isGreaterThan(held - 2L * CHUNK).isLessThanOrEqualTo(held);
        assertThat(after.sender.bytesSent()).as("only the rest was sent")
            .isEqualTo(manifest.totalBytes() - after.receiver.resumedBytes());
        assertThat(after.receiver.filesFailedCheck()).isZero();
        assertReceivedStateEqualsTheLeaders(second);
    }

    @Test
    void stagingFromAnotherLeaderIsDeleted() throws Exception {
        IncomingStaging staging = new IncomingStaging(dir.resolve("follower"), 1, CHUNK);
        staging.own(LEADER);
        new Pair(1, staging).run(10);
        assertThat(staging.stagedBytes()).isPositive();
        staging.own(NodeId.of("n3"));
        assertThat(staging.stagedBytes()).isZero();
        assertThat(staging.owner()).isEqualTo(NodeId.of("n3"));
    }

    @Test
    void aRestartedLeaderKeepsItsNewestCheckpointForResumingAndDropsUnusedOldOnes() throws Exception {
        OutgoingCheckpoints reopened = new OutgoingCheckpoints(dir.resolve("leader"), 1);
        OutgoingCheckpoints.Checkpoint kept = reopened.reusable(0, index -> 1);
        assertThat(kept).as("the checkpoint and its manifest survive a restart").isNotNull();
        assertThat(reopened.manifest(kept)).isEqualTo(manifest);
        assertThat(reopened.reusable(leaderIndex + 1, index -> 1)).as("older than the log's snapshot").isNull();
        assertThat(reopened.reusable(0, index -> 2)).as("not the log's term at its index").isNull();

        try (RocksEngine engine = RocksEngine.open(dir.resolve("leader-state"), RocksEngineOptions.defaults()
            .withBlockCacheBytes(8 << 20))) {
            OutgoingCheckpoints.Checkpoint newer = reopened.take(engine, new SnapshotMeta(leaderIndex + 1, 1, members()));
            reopened.release(newer); // taken for a transfer, which ended
        }
        assertThat(reopened.count()).as("the older one, unused, is gone").isEqualTo(1);
        assertThat(Files.exists(kept.dir())).isFalse();
    }
}
