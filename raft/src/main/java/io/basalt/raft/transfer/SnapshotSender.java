package io.basalt.raft.transfer;

import io.basalt.common.Invariants;
import io.basalt.common.NodeId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The leader's side of one snapshot transfer to one follower: a deterministic state machine.
 * Inputs: {@link #step} (the receiver's answers) and {@link #tick}; {@link #pump} sends chunks
 * while the window and the rate allow (the driver calls it when the link can take more);
 * {@link #takeOutbox} hands out the messages to send.
 *
 * <p>States: {@code OFFERED} (the offer is out, sent again every {@code resendTicks}) →
 * {@code SENDING} (the receiver said what it holds) → {@code DONE} (it holds every file whole)
 * or {@code FAILED} (aborted, or no progress for {@code idleTicksMax}).
 *
 * <p>Chunks go out in file order from a cursor. An acknowledgement moves what the receiver
 * holds forward (never back: a lower one is late); a chunk it reports damaged or missing is sent
 * again alone (the receiver keeps the ones after it); a chunk the driver could not send and a
 * silence of {@code resendTicks} move the cursor back to what the receiver holds, and the chunks
 * in flight after it are forgotten (go-back-N: simple, and rare on TCP). A file that fails its
 * SHA-256 ends the transfer (the receiver aborts it); the next transfer sends that file again.
 */
public final class SnapshotSender {
    public enum State { OFFERED, SENDING, DONE, FAILED }

    private final long groupId;
    private final NodeId self;
    private final NodeId peer;
    private final long term;
    private final long transferId;
    private final TransferManifest manifest;
    private final TransferSource source;
    private final TransferLimits limits;
    private final List<TransferMessage> outbox = new ArrayList<>();
    /** Per file: the bytes the receiver holds durably (the size once it holds the file whole). */
    private final long[] acked;
    /** Per file: the end of what was ever sent, to count bytes sent again. */
    private final long[] sentEnd;
    /** The end of each chunk in flight, as (file, end), oldest first. */
    private final ArrayDeque<long[]> inflight = new ArrayDeque<>();
    /** Chunks the receiver asked for again, by (file, offset), sent at the next pump. */
    private final java.util.TreeSet<Long> resends = new java.util.TreeSet<>();
    private State state = State.OFFERED;
    private String failure;
    private int cursorFile;
    private long cursorOffset;
    private long ticks;
    private long progressTick;
    private long offerTick;
    private long rewindTick = Long.MIN_VALUE / 2;
    /** Bytes the rate limit still allows; refilled every tick. */
    private long budget;
    private long resumedBytes;
    private long bytesSent;
    private long bytesResent;
    private long chunksSent;

    public SnapshotSender(long groupId, NodeId self, NodeId peer, long term, long transferId,
                          TransferManifest manifest, TransferSource source, TransferLimits limits) {
        this.groupId = groupId;
        this.self = self;
        this.peer = peer;
        this.term = term;
        this.transferId = transferId;
        this.manifest = manifest;
        this.source = source;
        this.limits = limits;
        this.acked = new long[manifest.files().size()];
        this.sentEnd = new long[manifest.files().size()];
        this.budget = Math.max(limits.bytesPerTickMax(), limits.chunkBytes());
        outbox.add(new TransferMessage.Offer(groupId, self, peer, term, transferId, manifest));
    }

    /** An answer from the receiver; messages of other transfers or peers are ignored. */
    public void step(TransferMessage m) {
        if (m.transferId() != transferId || !m.from().equals(peer) || isOver()) {
            return;
        }
        switch (m) {
            case TransferMessage.Accept a -> onAccept(a);
            case TransferMessage.ChunkAck a -> onChunkAck(a);
            case TransferMessage.Abort a -> fail("the receiver gave up: " + a.reason());
            case TransferMessage.Offer o -> { }
            case TransferMessage.Chunk c -> { }
        }
    }

    private void onAccept(TransferMessage.Accept a) {
        if (state != State.OFFERED) {
            return; // a copy of the answer: what it says came since in acknowledgements
        }
        if (a.held().size() != acked.length) {
            abort("the answer lists " + a.held().size() + " files, the offer " + acked.length);
            return;
        }
        for (int i = 0; i < acked.length; i++) {
            long size = manifest.files().get(i).size();
            acked[i] = Math.max(0, Math.min(size, a.held().get(i)));
            sentEnd[i] = acked[i];
            resumedBytes += acked[i];
        }
        state = State.SENDING;
        progressTick = ticks;
        moveCursor(0, -1);
        finishIfHeld();
    }

    private void onChunkAck(TransferMessage.ChunkAck a) {
        if (state != State.SENDING) {
            return;
        }
        if (a.file() < 0 || a.file() >= acked.length || a.held() < 0
            || a.held() > manifest.files().get(a.file()).size()) {
            abort("acknowledgement of file " + a.file() + " at " + a.held() + " is outside the snapshot");
            return;
        }
        int f = a.file();
        if (a.held() > acked[f]) {
            acked[f] = a.held();
            progressTick = ticks;
        }
        while (!inflight.isEmpty()) {
            long[] oldest = inflight.peekFirst();
            if (oldest[0] < f || (oldest[0] == f && oldest[1] <= a.held())) {
                inflight.removeFirst();
            } else {
                break;
            }
        }
        long size = manifest.files().get(f).size();
        if (a.resendAt() >= acked[f] && a.resendAt() < size && !resends.contains(key(f, a.resendAt()))) {
            resends.add(key(f, a.resendAt())); // damaged or lost on its way: that chunk again, at the next pump
        }
        finishIfHeld();
    }

    /**
     * The driver could not hand {@code c} to the network (its link was down or full): the chunk
     * and those after it go again from there.
     */
    public void notSent(TransferMessage.Chunk c) {
        if (state == State.SENDING && c.transferId() == transferId && c.offset() >= acked[c.file()]
            && (c.file() < cursorFile || (c.file() == cursorFile && c.offset() < cursorOffset))) {
            rewind(c.file(), c.offset());
        }
    }

    private void finishIfHeld() {
        for (int i = 0; i < acked.length; i++) {
            if (acked[i] < manifest.files().get(i).size()) {
                return;
            }
        }
        state = State.DONE;
        inflight.clear();
    }

    /**
     * Sends the chunks asked for again, then new ones while fewer than the window are in flight
     * and the rate allows.
     */
    public void pump() {
        if (state != State.SENDING) {
            return;
        }
        while (!resends.isEmpty()) {
            long k = resends.pollFirst();
            int f = (int) (k >>> 40);
            long offset = k & ((1L << 40) - 1);
            if (offset >= acked[f]) {
                sendChunk(f, offset); // still counted in flight as first sent
            }
        }
        while (inflight.size() < limits.windowChunks() && cursorFile < acked.length
            && (limits.bytesPerTickMax() == 0 || budget > 0)) {
            long end = sendChunk(cursorFile, cursorOffset);
            inflight.addLast(new long[] {cursorFile, end});
            if (end == manifest.files().get(cursorFile).size()) {
                moveCursor(cursorFile + 1, -1);
            } else {
                cursorOffset = end;
            }
        }
    }

    /** Reads and sends the chunk of file {@code f} at {@code offset}; returns where it ends. */
    private long sendChunk(int f, long offset) {
        SnapshotFile file = manifest.files().get(f);
        int length = (int) Math.min(limits.chunkBytes(), file.size() - offset);
        byte[] data = source.read(file, offset, length);
        Invariants.check(data.length == length, "read %d bytes of %s at %d, asked %d", data.length, file.name(),
            offset, length);
        CRC32C crc = new CRC32C();
        crc.update(data);
        outbox.add(new TransferMessage.Chunk(groupId, self, peer, term, transferId, f, offset, data,
            (int) crc.getValue()));
        long end = offset + length;
        bytesSent += length;
        bytesResent += Math.max(0, Math.min(end, sentEnd[f]) - offset);
        sentEnd[f] = Math.max(sentEnd[f], end);
        chunksSent++;
        budget -= length;
        return end;
    }

    private static long key(int file, long offset) {
        return ((long) file << 40) | offset;
    }

    /** One unit of the driver's time passed. */
    public void tick() {
        ticks++;
        if (limits.bytesPerTickMax() > 0) {
            budget = Math.min(budget + limits.bytesPerTickMax(), Math.max(limits.bytesPerTickMax(), limits.chunkBytes()));
        }
        switch (state) {
            case OFFERED -> {
                if (ticks >= limits.idleTicksMax()) {
                    abort("no answer to the offer in " + limits.idleTicksMax() + " ticks");
                } else if (ticks - offerTick >= limits.resendTicks()) {
                    offerTick = ticks;
                    outbox.add(new TransferMessage.Offer(groupId, self, peer, term, transferId, manifest));
                }
            }
            case SENDING -> {
                if (ticks - progressTick >= limits.idleTicksMax()) {
                    abort("no progress in " + limits.idleTicksMax() + " ticks");
                } else if (ticks - progressTick >= limits.resendTicks()
                    && ticks - rewindTick >= limits.resendTicks()) {
                    // Nothing acknowledged for a while: a chunk or its answer was lost.
                    int first = firstIncomplete(0);
                    if (first < acked.length) {
                        rewind(first, acked[first]);
                    }
                }
            }
            case DONE, FAILED -> { }
        }
    }

    /** Gives the transfer up, telling the receiver (the leader stepped down, the node stops). */
    public void abort(String reason) {
        if (isOver()) {
            return;
        }
        outbox.add(new TransferMessage.Abort(groupId, self, peer, term, transferId, reason));
        fail(reason);
    }

    private void fail(String reason) {
        state = State.FAILED;
        failure = reason;
        inflight.clear();
    }

    private void rewind(int file, long offset) {
        rewindTick = ticks;
        inflight.clear();
        resends.clear();
        moveCursor(file, offset);
    }

    /** Puts the cursor at {@code offset} of {@code file}, or (offset -1) at the first incomplete file from it. */
    private void moveCursor(int file, long offset) {
        if (offset >= 0 && file < acked.length && offset < manifest.files().get(file).size()) {
            cursorFile = file;
            cursorOffset = offset;
            return;
        }
        cursorFile = firstIncomplete(offset >= 0 ? file + 1 : file);
        cursorOffset = cursorFile < acked.length ? acked[cursorFile] : 0;
    }

    private int firstIncomplete(int from) {
        int f = from;
        while (f < acked.length && acked[f] >= manifest.files().get(f).size()) {
            f++;
        }
        return f;
    }

    /** The messages to send since the last call. */
    public List<TransferMessage> takeOutbox() {
        List<TransferMessage> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    public boolean isOver() {
        return state == State.DONE || state == State.FAILED;
    }

    public State state() {
        return state;
    }

    /** Why the transfer failed, or null. */
    public String failure() {
        return failure;
    }

    public NodeId peer() {
        return peer;
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

    /** Bytes the receiver holds durably, of {@link TransferManifest#totalBytes()}. */
    public long bytesHeld() {
        long sum = 0;
        for (long a : acked) {
            sum += a;
        }
        return sum;
    }

    /** Bytes the receiver already held when it accepted the offer (a resumed transfer). */
    public long resumedBytes() {
        return resumedBytes;
    }

    public long bytesSent() {
        return bytesSent;
    }

    /** Bytes sent more than once (after a loss, a damaged chunk or a file that failed its check). */
    public long bytesResent() {
        return bytesResent;
    }

    public long chunksSent() {
        return chunksSent;
    }

    /** Chunks sent and not yet acknowledged. */
    public int inflight() {
        return inflight.size();
    }
}
