package io.basalt.raft.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.raft.Membership;
import io.basalt.raft.SnapshotMeta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The transfer protocol between a sender and a receiver over an in-test channel that drops,
 * duplicates, reorders and damages messages: what the receiver ends with equals what was sent,
 * at most a window is ever in flight, and a restarted side resumes from what was acknowledged.
 */
class SnapshotTransferTest {
    private static final NodeId LEADER = NodeId.of("n1");
    private static final NodeId FOLLOWER = NodeId.of("n2");
    private static final TransferLimits LIMITS = new TransferLimits(1024, 4, 5, 200, 0);

    /** Three files of different sizes (one empty, one of exactly two chunks) from a seed. */
    private static Map<String, byte[]> files(long seed) {
        Prng prng = new Prng(seed);
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (int size : new int[] {10_000, 0, 2048, 777}) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) prng.nextInt(256);
            }
            files.put("f" + files.size(), b);
        }
        return files;
    }

    private static TransferManifest manifest(Map<String, byte[]> files) {
        List<SnapshotFile> list = new ArrayList<>();
        files.forEach((name, bytes) -> list.add(SnapshotFile.of(name, bytes)));
        return new TransferManifest(new SnapshotMeta(42, 3, new Membership(new TreeSet<>(List.of(LEADER, FOLLOWER)),
            new TreeSet<>())), true, list);
    }

    /** Holds what it was given by digest; "durable" across receivers; can damage a file once. */
    static final class MemorySink implements TransferSink {
        final Map<String, byte[]> whole = new HashMap<>();
        final Map<String, byte[]> partial = new HashMap<>();
        String damageOnce;

        @Override
        public long held(SnapshotFile f) {
            return whole.containsKey(f.sha256()) ? f.size() : partial.getOrDefault(f.sha256(), new byte[0]).length;
        }

        @Override
        public void write(SnapshotFile f, long offset, byte[] data) {
            byte[] p = partial.getOrDefault(f.sha256(), new byte[0]);
            assertThat(offset).as("writes come in order").isEqualTo(p.length);
            byte[] next = Arrays.copyOf(p, p.length + data.length);
            System.arraycopy(data, 0, next, p.length, data.length);
            partial.put(f.sha256(), next);
        }

        @Override
        public boolean complete(SnapshotFile f) {
            byte[] p = partial.remove(f.sha256());
            p = p == null ? new byte[0] : p;
            if (f.name().equals(damageOnce)) {
                damageOnce = null;
                p[0] ^= 1;
            }
            if (!SnapshotFile.of(f.name(), p).sha256().equals(f.sha256())) {
                return false;
            }
            whole.put(f.sha256(), p);
            return true;
        }
    }

    /** A sender and a receiver and the messages between them, delivered by seeded chance. */
    static final class Channel {
        final Prng prng;
        final double drop;
        final double duplicate;
        final double damage;
        final List<TransferMessage> queue = new ArrayList<>();
        SnapshotSender sender;
        SnapshotReceiver receiver;
        final MemorySink sink;
        int maxInflightSeen;
        /** Deliver in the order sent (as TCP does) instead of at random. */
        boolean fifo;

        Channel(long seed, double drop, double duplicate, double damage, MemorySink sink) {
            this.prng = new Prng(seed);
            this.drop = drop;
            this.duplicate = duplicate;
            this.damage = damage;
            this.sink = sink;
        }

        void collect() {
            if (sender != null) {
                sender.pump();
                maxInflightSeen = Math.max(maxInflightSeen, sender.inflight());
                queue.addAll(sender.takeOutbox());
            }
            if (receiver != null) {
                queue.addAll(receiver.takeOutbox());
            }
        }

        /** Delivers one message chosen at random, possibly dropped, copied or damaged. */
        void deliverOne() {
            TransferMessage m = queue.remove(fifo ? 0 : prng.nextInt(queue.size()));
            if (prng.chance(drop)) {
                return;
            }
            if (prng.chance(duplicate)) {
                queue.add(m);
            }
            if (m instanceof TransferMessage.Chunk c && c.data().length > 0 && prng.chance(damage)) {
                byte[] bad = c.data().clone();
                bad[prng.nextInt(bad.length)] ^= 0x10;
                m = new TransferMessage.Chunk(c.groupId(), c.from(), c.to(), c.term(), c.transferId(), c.file(),
                    c.offset(), bad, c.crc32c());
            }
            if (m.to().equals(FOLLOWER)) {
                if (m instanceof TransferMessage.Offer o && (receiver == null
                    || receiver.transferId() != o.transferId())) {
                    receiver = new SnapshotReceiver(o, sink, LIMITS);
                } else if (receiver != null) {
                    receiver.step(m);
                }
            } else if (sender != null) {
                sender.step(m);
            }
        }

        /** Runs until both sides are done, a side fails, or {@code steps} pass; a tick every few deliveries. */
        void run(int steps) {
            for (int i = 0; i < steps; i++) {
                collect();
                if (sender.isOver() && (receiver == null || receiver.state() != SnapshotReceiver.State.RECEIVING)) {
                    return;
                }
                if (queue.isEmpty() || i % 7 == 0) {
                    sender.tick();
                    if (receiver != null) {
                        receiver.tick();
                    }
                } else {
                    deliverOne();
                }
            }
        }
    }

    private static void assertReceivedWhole(Map<String, byte[]> files, MemorySink sink) {
        files.forEach((name, bytes) -> assertThat(sink.whole.get(SnapshotFile.of(name, bytes).sha256()))
            .as("file %s", name).isEqualTo(bytes));
    }

    @Test
    void everyFileArrivesWholeThroughLossDuplicationReorderingAndDamage() {
        for (long seed = 1; seed <= 20; seed++) {
            Map<String, byte[]> files = files(seed);
            Channel ch = new Channel(seed, 0.1, 0.1, 0.05, new MemorySink());
            ch.sender = new SnapshotSender(1, LEADER, FOLLOWER, 3, 7, manifest(files), (f, off, len) ->
                Arrays.copyOfRange(files.get(f.name()), (int) off, (int) off + len), LIMITS);
            ch.run(100_000);
            assertThat(ch.sender.state()).as("seed %d: %s", seed, ch.sender.failure()).isEqualTo(SnapshotSender.State.DONE);
            assertThat(ch.receiver.state()).as("seed %d", seed).isEqualTo(SnapshotReceiver.State.COMPLETE);
            assertReceivedWhole(files, ch.sink);
            assertThat(ch.maxInflightSeen).as("flow control").isLessThanOrEqualTo(LIMITS.windowChunks());
        }
    }

    @Test
    void aDamagedChunkIsAskedForAgainAndResent() {
        Map<String, byte[]> files = files(3);
        Channel ch = new Channel(3, 0, 0, 0.3, new MemorySink());
        ch.fifo = true;
        ch.sender = new SnapshotSender(1, LEADER, FOLLOWER, 3, 7, manifest(files), (f, off, len) ->
            Arrays.copyOfRange(files.get(f.name()), (int) off, (int) off + len), LIMITS);
        ch.run(100_000);
        assertThat(ch.receiver.chunksDamaged()).as("damaged chunks seen").isPositive();
        assertThat(ch.sender.bytesResent()).as("and sent again").isPositive();
        assertReceivedWhole(files, ch.sink);
    }

    @Test
    void aFileThatFailsItsDigestEndsTheTransferAndTheNextSendsItAgain() {
        Map<String, byte[]> files = files(4);
        MemorySink sink = new MemorySink();
        sink.damageOnce = "f0";
        TransferSource source = (f, off, len) -> Arrays.copyOfRange(files.get(f.name()), (int) off, (int) off + len);
        Channel first = new Channel(4, 0.05, 0.05, 0, sink);
        first.sender = new SnapshotSender(1, LEADER, FOLLOWER, 3, 7, manifest(files), source, LIMITS);
        first.run(100_000);
        assertThat(first.receiver.filesFailedCheck()).isEqualTo(1);
        assertThat(first.receiver.state()).isEqualTo(SnapshotReceiver.State.FAILED);
        assertThat(first.receiver.failure()).contains("f0 failed its SHA-256");
        assertThat(first.sender.state()).as("told by the receiver").isEqualTo(SnapshotSender.State.FAILED);

        // The driver starts another transfer (as a leader does when its core asks again).
        Channel second = new Channel(5, 0.05, 0.05, 0, sink);
        second.sender = new SnapshotSender(1, LEADER, FOLLOWER, 3, 8, manifest(files), source, LIMITS);
        second.run(100_000);
        assertThat(second.sender.state()).isEqualTo(SnapshotSender.State.DONE);
        assertReceivedWhole(files, sink);
    }

    @Test
    void noMoreThanTheWindowIsSentWithoutAcknowledgement() {
        Map<String, byte[]> files = files(5);
        SnapshotSender s = new SnapshotSender(1, LEADER, FOLLOWER, 3, 7, manifest(files), (f, off, len) ->
            new byte[len], LIMITS);
        s.step(new TransferMessage.Accept(1, FOLLOWER, LEADER, 3, 7, List.of(0L, 0L, 0L, 0L)));
        for (int i = 0; i < 3; i++) {
            s.pump();
        }
        List<TransferMessage> out = s.takeOutbox();
        assertThat(out.stream().filter(m -> m instanceof TransferMessage.Chunk)).hasSize(LIMITS.windowChunks());
        s.step(new TransferMessage.ChunkAck(1, FOLLOWER, LEADER, 3, 7, 0, 1024, TransferMessage.ChunkAck.NONE));
        s.pump();
        assertThat(s.takeOutbox()).as("one acknowledged, one more sent").hasSize(1);
    }

    @Test
    void theRateLimitBoundsTheBytesSentPerTick() {
        Map<String, byte[]> files = files(6);
        TransferLimits slow = new TransferLimits(1024, 8, 50, 500, 1024);
        SnapshotSender s = new SnapshotSender(1, LEADER, FOLLOWER, 3, 7, manifest(files), (f, off, len) ->
            new byte[len], slow);
        s.step(new TransferMessage.Accept(1, FOLLOWER, LEADER, 3, 7, List.of(0L, 0L, 0L, 0L)));
        long sent = 0;
        for (int t = 0; t < 5; t++) {
            s.pump();
            for (TransferMessage m : s.takeOutbox()) {
                if (m instanceof TransferMessage.Chunk c) {
                    sent += c.data().length;
                    s.step(new TransferMessage.ChunkAck(1, FOLLOWER, LEADER, 3, 7, c.file(), c.offset() + c.data().length,
                        TransferMessage.ChunkAck.NONE));
                }
            }
            s.tick();
        }
        assertThat(sent).as("about one chunk per tick").isBetween(4 * 1024L, 6 * 1024L);
    }

    @Test
    void aRestartedReceiverAndARestartedSenderResumeFromWhatWasAcknowledged() {
        Map<String, byte[]> files = files(8);
        TransferManifest manifest = manifest(files);
        TransferSource source = (f, off, len) -> Arrays.copyOfRange(files.get(f.name()), (int) off, (int) off + len);
        MemorySink durable = new MemorySink();
        Channel first = new Channel(8, 0, 0, 0, durable);
        first.fifo = true;
        first.sender = new SnapshotSender(1, LEADER, FOLLOWER, 3, 7, manifest, source, LIMITS);
        first.run(12);
        long heldBefore = durable.partial.values().stream().mapToLong(b -> b.length).sum()
            + durable.whole.values().stream().mapToLong(b -> b.length).sum();
        assertThat(heldBefore).as("part of it arrived").isPositive().isLessThan(manifest.totalBytes());

        // Both sides restart: a new transfer of the same snapshot, the sink kept what was durable.
        Channel second = new Channel(9, 0, 0, 0, durable);
        second.fifo = true;
        second.sender = new SnapshotSender(1, LEADER, FOLLOWER, 4, 8, manifest, source, LIMITS);
        second.run(100_000);
        assertThat(second.receiver.resumedBytes()).isEqualTo(heldBefore);
        assertThat(second.sender.resumedBytes()).isEqualTo(heldBefore);
        assertThat(second.sender.bytesSent()).as("only what was missing").isEqualTo(manifest.totalBytes() - heldBefore);
        assertReceivedWhole(files, durable);
    }

    @Test
    void aSilentPeerIsGivenUpWithTheReason() {
        Map<String, byte[]> files = files(10);
        SnapshotSender s = new SnapshotSender(1, LEADER, FOLLOWER, 3, 7, manifest(files), (f, off, len) ->
            new byte[len], LIMITS);
        int offers = 0;
        for (int t = 0; t < LIMITS.idleTicksMax(); t++) {
            offers += (int) s.takeOutbox().stream().filter(m -> m instanceof TransferMessage.Offer).count();
            s.tick();
        }
        assertThat(offers).as("the offer is sent again while unanswered").isGreaterThan(1);
        assertThat(s.state()).isEqualTo(SnapshotSender.State.FAILED);
        assertThat(s.failure()).contains("no answer to the offer");
        assertThat(s.takeOutbox()).anyMatch(m -> m instanceof TransferMessage.Abort);
    }
}
