package io.basalt.raft.transfer;

import io.basalt.common.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The follower's side of one snapshot transfer: a deterministic state machine. It answers the
 * offer with what its {@link TransferSink} already holds, writes each chunk that comes in order
 * and passes its CRC32C (durably, before acknowledging it), asks for a chunk again when it is
 * damaged or comes after a gap, and checks each whole file against its SHA-256 (a file that fails
 * is discarded and the transfer given up: the next one sends it again). When every file is held
 * whole it is {@code COMPLETE}: the driver installs the snapshot.
 *
 * <p>Files are written in manifest order, each from its start to its end, so that a sink keeps one
 * file open with its running digest. Chunks that arrive ahead of the next byte (reordered, or
 * after a loss) wait in memory, a window of them at most; the missing one is asked for once.
 *
 * <p>A file listed twice with the same digest is received once: the copy counts as held as soon
 * as the offer is answered, and the driver takes both names from the one content.
 */
public final class SnapshotReceiver {
    public enum State { RECEIVING, COMPLETE, FAILED }

    private final long groupId;
    private final NodeId self;
    private final NodeId leader;
    private final long term;
    private final long transferId;
    private final TransferManifest manifest;
    private final TransferSink sink;
    private final TransferLimits limits;
    private final List<TransferMessage> outbox = new ArrayList<>();
    /** Per file: bytes held durably; the size once held whole and checked. */
    private final long[] held;
    private final boolean[] whole;
    /** Per file: the position at which a gap was last reported, so that a gap is reported once. */
    private final long[] gapReportedAt;
    /** Chunks that came ahead of the next byte to write, by (file, offset): at most a window of them. */
    private final TreeMap<Long, byte[]> ahead = new TreeMap<>();
    private State state = State.RECEIVING;
    private String failure;
    private long ticks;
    private long activityTick;
    private final long resumedBytes;
    private long chunksDamaged;
    private long filesFailedCheck;

    /** Takes the offer and answers it with what {@code sink} holds. */
    public SnapshotReceiver(TransferMessage.Offer offer, TransferSink sink, TransferLimits limits) {
        this.groupId = offer.groupId();
        this.self = offer.to();
        this.leader = offer.from();
        this.term = offer.term();
        this.transferId = offer.transferId();
        this.manifest = offer.manifest();
        this.sink = sink;
        this.limits = limits;
        int n = manifest.files().size();
        this.held = new long[n];
        this.whole = new boolean[n];
        this.gapReportedAt = new long[n];
        Map<String, Integer> firstWithDigest = new HashMap<>();
        long resumed = 0;
        for (int i = 0; i < n; i++) {
            SnapshotFile f = manifest.files().get(i);
            gapReportedAt[i] = -1;
            Integer first = firstWithDigest.putIfAbsent(f.sha256(), i);
            if (first != null) {
                held[i] = f.size();
                whole[i] = true;
            } else if (f.size() == 0) {
                // Nothing to send: the sink only has to make it and check the digest.
                whole[i] = sink.complete(f);
            } else {
                held[i] = Math.max(0, Math.min(f.size(), sink.held(f)));
                whole[i] = held[i] == f.size();
            }
            resumed += held[i];
        }
        this.resumedBytes = resumed;
        List<Long> answer = new ArrayList<>(n);
        for (long h : held) {
            answer.add(h);
        }
        outbox.add(new TransferMessage.Accept(groupId, self, leader, term, transferId, answer));
        completeIfWhole();
    }

    /** A message from the sender; messages of other transfers or senders are ignored. */
    public void step(TransferMessage m) {
        if (m.transferId() != transferId || !m.from().equals(leader) || state != State.RECEIVING) {
            if (state == State.COMPLETE && m instanceof TransferMessage.Chunk c && c.transferId() == transferId
                && c.file() >= 0 && c.file() < held.length) {
                ack(c.file(), held[c.file()], TransferMessage.ChunkAck.NONE); // its acknowledgement was lost
            }
            return;
        }
        switch (m) {
            case TransferMessage.Offer o -> {
                List<Long> answer = new ArrayList<>(held.length);
                for (long h : held) {
                    answer.add(h);
                }
                outbox.add(new TransferMessage.Accept(groupId, self, leader, term, transferId, answer));
            }
            case TransferMessage.Chunk c -> onChunk(c);
            case TransferMessage.Abort a -> fail("the leader gave up: " + a.reason());
            case TransferMessage.Accept a -> { }
            case TransferMessage.ChunkAck a -> { }
        }
    }

    private void onChunk(TransferMessage.Chunk c) {
        activityTick = ticks;
        int f = c.file();
        if (f < 0 || f >= held.length || c.offset() < 0 || c.data().length > TransferLimits.CHUNK_BYTES_MAX
            || c.offset() + c.data().length > manifest.files().get(f).size()) {
            abort("chunk of file " + f + " at " + c.offset() + " (" + c.data().length + " bytes) is outside the snapshot");
            return;
        }
        if (whole[f] || c.offset() < held[f]) {
            ack(f, held[f], TransferMessage.ChunkAck.NONE); // a copy, or resent after a lost acknowledgement
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(c.data());
        if ((int) crc.getValue() != c.crc32c()) {
            chunksDamaged++;
            ack(f, held[f], c.offset());
            return;
        }
        int next = nextFile();
        if (f != next || c.offset() != held[f]) {
            // Ahead of the next byte to write (reordered, or one before it was lost): kept, up to a
            // window of them, and the missing chunk is asked for once.
            if (ahead.size() < limits.windowChunks()) {
                ahead.putIfAbsent(key(f, c.offset()), c.data());
            }
            if (next < held.length && gapReportedAt[next] != held[next]) {
                gapReportedAt[next] = held[next];
                ack(next, held[next], held[next]);
            }
            return;
        }
        write(f, c.data());
        // Then whatever the gap held back, in order, file after file.
        for (int n = nextFile(); n < held.length && state == State.RECEIVING; n = nextFile()) {
            byte[] data = ahead.remove(key(n, held[n]));
            if (data == null) {
                break;
            }
            write(n, data);
        }
        ahead.headMap(key(nextFile(), nextFile() < held.length ? held[nextFile()] : 0)).clear();
    }

    /** Writes the next bytes of file {@code f}, durably, and acknowledges them; checks the file once whole. */
    private void write(int f, byte[] data) {
        SnapshotFile file = manifest.files().get(f);
        sink.write(file, held[f], data);
        held[f] += data.length;
        if (held[f] < file.size()) {
            ack(f, held[f], TransferMessage.ChunkAck.NONE);
            return;
        }
        if (sink.complete(file)) {
            whole[f] = true;
            ack(f, held[f], TransferMessage.ChunkAck.NONE);
            completeIfWhole();
        } else {
            // The sink discarded it. Answers about it may still be on their way, so this
            // transfer ends; the next one, told this file is missing, sends it again whole.
            filesFailedCheck++;
            held[f] = 0;
            abort("file " + file.name() + " failed its SHA-256 and was discarded");
        }
    }

    /** The first file not yet whole: the receiver writes in manifest order, so one file is open at a time. */
    private int nextFile() {
        int f = 0;
        while (f < whole.length && whole[f]) {
            f++;
        }
        return f;
    }

    private static long key(int file, long offset) {
        return ((long) file << 40) | offset;
    }

    private void ack(int file, long at, long resendAt) {
        outbox.add(new TransferMessage.ChunkAck(groupId, self, leader, term, transferId, file, at, resendAt));
    }

    private void completeIfWhole() {
        for (boolean w : whole) {
            if (!w) {
                return;
            }
        }
        state = State.COMPLETE;
    }

    /** One unit of the driver's time passed: a sender silent for {@code idleTicksMax} is given up. */
    public void tick() {
        ticks++;
        if (state == State.RECEIVING && ticks - activityTick >= limits.idleTicksMax()) {
            abort("nothing received in " + limits.idleTicksMax() + " ticks");
        }
    }

    /** Gives the transfer up, telling the sender (a new leader, a failed disk, a node stopping). */
    public void abort(String reason) {
        if (state != State.RECEIVING) {
            return;
        }
        outbox.add(new TransferMessage.Abort(groupId, self, leader, term, transferId, reason));
        fail(reason);
    }

    private void fail(String reason) {
        state = State.FAILED;
        failure = reason;
    }

    public List<TransferMessage> takeOutbox() {
        List<TransferMessage> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    public State state() {
        return state;
    }

    public String failure() {
        return failure;
    }

    public NodeId leader() {
        return leader;
    }

    public long term() {
        return term;
    }

    public long transferId() {
        return transferId;
    }

    public TransferManifest manifest() {
        return manifest;
    }

    /** Bytes held durably, of {@link TransferManifest#totalBytes()}. */
    public long bytesHeld() {
        long sum = 0;
        for (long h : held) {
            sum += h;
        }
        return sum;
    }

    /** Bytes already held when the offer came (a resumed transfer). */
    public long resumedBytes() {
        return resumedBytes;
    }

    /** Chunks that failed their CRC32C and were asked for again. */
    public long chunksDamaged() {
        return chunksDamaged;
    }

    /** Files whose bytes failed their SHA-256 and were asked for again from the start. */
    public long filesFailedCheck() {
        return filesFailedCheck;
    }
}
