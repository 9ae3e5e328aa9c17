package io.basalt.sim.node;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.raft.Message;
import io.basalt.raft.RaftRole;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SoftState;
import io.basalt.raft.transfer.SnapshotFile;
import io.basalt.raft.transfer.SnapshotReceiver;
import io.basalt.raft.transfer.SnapshotSender;
import io.basalt.raft.transfer.TransferLimits;
import io.basalt.raft.transfer.TransferManifest;
import io.basalt.raft.transfer.TransferMessage;
import io.basalt.raft.transfer.TransferSink;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated node's snapshot transfers: the memory engine's equivalent of a server's checkpoint
 * streaming. When the core asks for an {@code InstallSnapshot}, the snapshot's image is sent
 * through the simulated network in chunks by the same protocol a server runs
 * ({@link SnapshotSender}, {@link SnapshotReceiver}), so losses, duplicates, reordering,
 * partitions and crashes meet it; the follower's core gets the snapshot only once every byte is
 * there and checked. Part of the process's memory: a crash loses it (the receiver's bytes too).
 * A chunk may be damaged on its way, with the seed's probability, to exercise the CRC check.
 */
final class SimTransfers {
    /** Small chunks, so that even a small image takes several, and a short window. */
    static final TransferLimits LIMITS = new TransferLimits(64, 4, 5, 100, 0);

    /** How the transfers reach the network and the core. */
    interface Host {
        void send(TransferMessage m);

        /** Every byte of a snapshot from {@code leader} is here and checked. */
        void received(NodeId leader, long term, Snapshot snapshot);
    }

    private final long groupId;
    private final NodeId self;
    private final Prng prng;
    private final double damageProbability;
    private final HostStats stats;
    private final Host host;
    private final Map<NodeId, SnapshotSender> sending = new TreeMap<>();
    private SnapshotReceiver receiving;
    private final MemorySink sink = new MemorySink();

    SimTransfers(long groupId, NodeId self, Prng prng, double damageProbability, HostStats stats, Host host) {
        this.groupId = groupId;
        this.self = self;
        this.prng = prng;
        this.damageProbability = damageProbability;
        this.stats = stats;
        this.host = host;
    }

    /** The core wants {@code m}'s follower brought up to its snapshot; one transfer per follower at a time. */
    void send(Message.InstallSnapshot m) {
        SnapshotSender running = sending.get(m.to());
        if (running != null && !running.isOver()) {
            return;
        }
        byte[] image = m.snapshot().data();
        TransferManifest manifest = new TransferManifest(m.snapshot().meta(), false,
            List.of(SnapshotFile.of("image", image)));
        SnapshotSender s = new SnapshotSender(groupId, self, m.to(), m.term(), prng.nextLong() & Long.MAX_VALUE,
            manifest, (f, offset, length) -> Arrays.copyOfRange(image, (int) offset, (int) offset + length), LIMITS);
        sending.put(m.to(), s);
        stats.snapshotTransfersStarted++;
        pump(s);
    }

    /** Whether a snapshot is being sent: the log is not compacted past it meanwhile (as on a server). */
    boolean sending() {
        return !sending.isEmpty();
    }

    void onMessage(TransferMessage m) {
        switch (m) {
            case TransferMessage.Offer o -> onOffer(o);
            case TransferMessage.Chunk c -> {
                if (receiving != null && receiving.transferId() == c.transferId()) {
                    stepReceiver(c);
                } else {
                    // Not a transfer this process knows (it restarted): the sender offers again.
                    host.send(new TransferMessage.Abort(groupId, self, c.from(), c.term(), c.transferId(),
                        self + " has no such transfer"));
                }
            }
            case TransferMessage.Accept a -> toSender(a);
            case TransferMessage.ChunkAck a -> toSender(a);
            case TransferMessage.Abort a -> {
                toSender(a);
                stepReceiver(a);
            }
        }
    }

    private void toSender(TransferMessage m) {
        SnapshotSender s = sending.get(m.from());
        if (s != null) {
            s.step(m);
            pump(s);
        }
    }

    private void onOffer(TransferMessage.Offer o) {
        if (receiving != null && receiving.transferId() == o.transferId()) {
            stepReceiver(o);
            return;
        }
        if (receiving == null || !receiving.leader().equals(o.from())) {
            sink.clear(); // another leader's bytes will not be resumed
        }
        receiving = new SnapshotReceiver(o, sink, LIMITS);
        afterReceive();
    }

    private void stepReceiver(TransferMessage m) {
        if (receiving != null) {
            receiving.step(m);
            afterReceive();
        }
    }

    private void afterReceive() {
        SnapshotReceiver r = receiving;
        r.takeOutbox().forEach(host::send);
        switch (r.state()) {
            case RECEIVING -> { }
            case COMPLETE -> {
                receiving = null;
                stats.snapshotTransfersCompleted++;
                stats.snapshotChunksDamaged += r.chunksDamaged();
                TransferManifest m = r.manifest();
                byte[] image = sink.whole.get(m.files().getFirst().sha256());
                host.received(r.leader(), r.term(), new Snapshot(m.meta(), image));
            }
            case FAILED -> {
                receiving = null;
                stats.snapshotChunksDamaged += r.chunksDamaged();
            }
        }
    }

    private void pump(SnapshotSender s) {
        s.pump();
        for (TransferMessage m : s.takeOutbox()) {
            if (m instanceof TransferMessage.Chunk c && c.data().length > 0 && damageProbability > 0
                && prng.chance(damageProbability)) {
                byte[] bad = c.data().clone();
                bad[prng.nextInt(bad.length)] ^= (byte) (1 + prng.nextInt(255));
                m = new TransferMessage.Chunk(c.groupId(), c.from(), c.to(), c.term(), c.transferId(), c.file(),
                    c.offset(), bad, c.crc32c());
            }
            host.send(m);
        }
        if (s.isOver()) {
            stats.snapshotBytesResent += s.bytesResent();
            sending.remove(s.peer(), s);
        }
    }

    void tick() {
        for (SnapshotSender s : List.copyOf(sending.values())) {
            s.tick();
            pump(s);
        }
        if (receiving != null) {
            receiving.tick();
            afterReceive();
        }
    }

    /** Transfers of an old term, or from a node no longer the leader, end. */
    void onSoftState(SoftState s) {
        for (SnapshotSender sender : List.copyOf(sending.values())) {
            if (s.role() != RaftRole.LEADER || s.term() != sender.term()) {
                sender.abort(self + " no longer leads in term " + sender.term());
                pump(sender);
            }
        }
        if (receiving != null && s.leader() != null && !s.leader().equals(receiving.leader())) {
            receiving.abort("the leader is now " + s.leader());
            afterReceive();
        }
    }

    /** The receiver's bytes, by digest; in memory, so a crash loses them. */
    private static final class MemorySink implements TransferSink {
        final Map<String, byte[]> whole = new HashMap<>();
        final Map<String, byte[]> partial = new HashMap<>();

        void clear() {
            whole.clear();
            partial.clear();
        }

        @Override
        public long held(SnapshotFile f) {
            return whole.containsKey(f.sha256()) ? f.size() : partial.getOrDefault(f.sha256(), new byte[0]).length;
        }

        @Override
        public void write(SnapshotFile f, long offset, byte[] data) {
            byte[] p = partial.getOrDefault(f.sha256(), new byte[0]);
            byte[] next = Arrays.copyOf(p, p.length + data.length);
            System.arraycopy(data, 0, next, p.length, data.length);
            partial.put(f.sha256(), next);
        }

        @Override
        public boolean complete(SnapshotFile f) {
            byte[] p = partial.remove(f.sha256());
            p = p == null ? new byte[0] : p;
            if (!SnapshotFile.of(f.name(), p).sha256().equals(f.sha256())) {
                return false;
            }
            whole.put(f.sha256(), p);
            return true;
        }
    }
}
