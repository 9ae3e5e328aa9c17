package io.basalt.raft.transfer;

import io.basalt.common.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The follower's side of one snapshot transfer: a deterministic state machine. It answers the
 * offer with what its {@link TransferSink} already holds, writes each chunk that comes in order
 * and passes its CRC32C (durably, before acknowledging it), asks for a chunk again when it is
 * damaged or comes after a gap, and checks each whole file against its SHA-256. When every file
 * is held whole it is {@code COMPLETE}: the driver installs the snapshot.
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
                ack(c.file(), held[c.file()], false); // its acknowledgement was lost
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
            ack(f, held[f], false); // a copy, or resent after a lost acknowledgement
            return;
        }
        if (c.offset() > held[f]) {
            // A chunk before this one was lost: ask for it once; the sender's timer covers the rest.
            if (gapReportedAt[f] != held[f]) {
                gapReportedAt[f] = held[f];
                ack(f, held[f], true);
            }
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(c.data());
        if ((int) crc.getValue() != c.crc32c()) {
            chunksDamaged++;
            ack(f, held[f], true);
            return;
        }
        SnapshotFile file = manifest.files().get(f);
        sink.write(file, held[f], c.data());
        held[f] += c.data().length;
        if (held[f] < file.size()) {
            ack(f, held[f], false);
            return;
        }
        if (sink.complete(file)) {
            whole[f] = true;
            ack(f, held[f], false);
            completeIfWhole();
        } else {
            filesFailedCheck++;
            held[f] = 0;
            gapReportedAt[f] = -1;
            ack(f, 0, true);
        }
    }

    private void ack(int file, long at, boolean resend) {
        outbox.add(new TransferMessage.ChunkAck(groupId, self, leader, term, transferId, file, at, resend));
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
