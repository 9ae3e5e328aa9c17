package io.basalt.server.snapshot;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftRole;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SoftState;
import io.basalt.raft.transfer.SnapshotFile;
import io.basalt.raft.transfer.SnapshotSender;
import io.basalt.raft.transfer.TransferLimits;
import io.basalt.raft.transfer.TransferManifest;
import io.basalt.raft.transfer.TransferMessage;
import io.basalt.raft.transfer.TransferSource;
import io.basalt.server.SnapshotSettings;
import io.basalt.server.client.SnapshotProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot transfers of one group on this node, each run by a {@link SnapshotSender} or a
 * {@link io.basalt.raft.transfer.SnapshotReceiver} (in {@link Receiving}) on one thread of their
 * own: a leader's to followers behind its log's start (at most one per follower), and this node's
 * from its leader (at most one). The group's loop hands in the checkpoint or image to send; a received snapshot
 * goes back to the loop through {@link Group#received} once every file is whole and checked.
 *
 * <p>The receiver logs a progress line every {@link #PROGRESS_LOG_NANOS} ("group 1: receiving
 * snapshot at index 812 from n1: 412/2048 MiB, 85 MB/s"), and {@link #progress()} feeds
 * {@code basalt status}.
 */
public final class SnapshotTransfers {
    private static final Logger log = LoggerFactory.getLogger(SnapshotTransfers.class);
    /** The transfer thread's tick, the unit of the sessions' timers. */
    static final long TICK_MS = 50;
    /** Without progress for 1 s, a sender sends again from what was acknowledged. */
    static final int RESEND_TICKS = 20;
    /** Without progress for 30 s, a transfer is given up (the leader starts another). */
    static final int IDLE_TICKS_MAX = 600;
    static final long PROGRESS_LOG_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long a restarted leader keeps the log after the checkpoint it was sending, for the transfer to resume. */
    static final long RECOVERED_HOLD_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** After a transfer ends whole, its follower's install and answer get this long before another starts. */
    static final long DONE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The name of an image snapshot's one file. */
    static final String IMAGE_FILE = "kv-snapshot.image";

    /** What the transfers need from their group; called on the transfer thread. */
    public interface Group {
        /** Every file of a snapshot from {@code leader} is held and checked: give it to the Raft core. */
        void received(NodeId leader, long term, Snapshot snapshot);

        /** The newest term this replica knows. */
        long term();
    }

    /** How transfer messages leave this node. */
    public interface Link {
        /** Sends {@code m}; false if the link could not take it. */
        boolean send(TransferMessage m);

        /** Whether the link to {@code peer} can take a chunk now. */
        boolean writable(NodeId peer);
    }

    private static final class Outgoing {
        final SnapshotSender sender;
        final OutgoingCheckpoints.Checkpoint checkpoint;
        final AutoCloseable source;
        final TransferRate rate = new TransferRate();

        Outgoing(SnapshotSender sender, OutgoingCheckpoints.Checkpoint checkpoint, AutoCloseable source) {
            this.sender = sender;
            this.checkpoint = checkpoint;
            this.source = source;
        }
    }

    private final long groupId;
    private final NodeId self;
    private final OutgoingCheckpoints checkpoints;
    private final IncomingStaging staging;
    private final TransferLimits limits;
    private final Link link;
    private final Group group;
    private final ScheduledExecutorService thread;
    private final SecureRandom ids = new SecureRandom();
    /** Followers with a transfer started or running; read by the group's loop. */
    private final Set<NodeId> busy = ConcurrentHashMap.newKeySet();
    /** The checkpoint index of each transfer its follower accepted: the log keeps the entries after it. */
    private final Map<NodeId, Long> holding = new ConcurrentHashMap<>();
    /** When the last transfer to each follower ended whole (monotonic nanoseconds). */
    private final Map<NodeId, Long> doneAt = new ConcurrentHashMap<>();
    /**
     * The newest checkpoint a restart found, which a transfer cut by the restart resumes from: the
     * log keeps the entries after it for {@link #RECOVERED_HOLD_NANOS}, or until a transfer of it ends.
     */
    private volatile long recoveredHold = Long.MAX_VALUE;
    private final long recoveredHoldUntil;
    // Touched on the transfer thread only.
    private final Map<NodeId, Outgoing> sending = new LinkedHashMap<>();
    private final Receiving receiving;
    private volatile List<SnapshotProgress> progress = List.of();

    /**
     * @param checkpoints the leader's checkpoints, or null when the state is in memory (images are sent then)
     */
    public SnapshotTransfers(long groupId, NodeId self, boolean stateInMemory, OutgoingCheckpoints checkpoints,
                             IncomingStaging staging, SnapshotSettings settings, Link link, Group group) {
        this.groupId = groupId;
        this.self = self;
        this.checkpoints = checkpoints;
        this.staging = staging;
        long bytesPerTick = settings.bytesPerSecondMax() == 0 ? 0
            : Math.max(1, settings.bytesPerSecondMax() * TICK_MS / 1000);
        this.limits = new TransferLimits(settings.chunkBytes(), settings.windowChunks(), RESEND_TICKS, IDLE_TICKS_MAX,
            bytesPerTick);
        this.link = link;
        this.group = group;
        this.receiving = new Receiving(groupId, self, stateInMemory, staging, limits, link, group);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "basalt-" + self + "-g" + groupId + "-snapshots");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(() -> run(this::tick), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        OutgoingCheckpoints.Checkpoint kept = checkpoints == null ? null : checkpoints.newest();
        if (kept != null) {
            recoveredHold = kept.meta().index();
        }
        recoveredHoldUntil = System.nanoTime() + RECOVERED_HOLD_NANOS;
    }

    public IncomingStaging staging() {
        return staging;
    }

    /**
     * Whether a transfer to {@code peer} is started or running, or ended whole a moment ago (its
     * answer to the core may still be on its way): the leader starts no other.
     */
    public boolean busy(NodeId peer) {
        Long done = doneAt.get(peer);
        return busy.contains(peer) || (done != null && System.nanoTime() - done < DONE_GRACE_NANOS);
    }

    /**
     * Sends checkpoint {@code c}, acquired by the caller ({@link OutgoingCheckpoints#take},
     * {@link OutgoingCheckpoints#acquireReusable}) and released when the transfer ends, to
     * {@code peer} for the leader's term {@code term}; from the group's loop.
     */
    public void send(NodeId peer, long term, OutgoingCheckpoints.Checkpoint c) {
        busy.add(peer);
        if (!submit(() -> startSend(peer, term, c, null))) {
            busy.remove(peer);
            checkpoints.release(c);
        }
    }

    /** Sends the image snapshot {@code s} to {@code peer}; from the group's loop. */
    public void send(NodeId peer, long term, Snapshot s) {
        busy.add(peer);
        if (!submit(() -> startSend(peer, term, null, s))) {
            busy.remove(peer);
        }
    }

    /** A transfer message from a peer. */
    public void deliver(TransferMessage m) {
        submit(() -> onMessage(m));
    }

    /** The group's role, term or leader changed: transfers of an old term or another leader end. */
    public void onSoftState(SoftState s) {
        submit(() -> {
            for (Outgoing out : List.copyOf(sending.values())) {
                if (s.role() != RaftRole.LEADER || s.term() != out.sender.term()) {
                    out.sender.abort(self + " no longer leads group " + groupId + " in term " + out.sender.term());
                    flush(out);
                    end(out);
                }
            }
            receiving.leaderIs(s.leader());
        });
    }

    /** A received checkpoint was installed as the engine: what was staged for it goes. */
    public void installed() {
        submit(receiving::installed);
    }

    /**
     * The lowest index of a checkpoint being sent to a follower that accepted it, or of the one a
     * restart found (for a while), or {@code Long.MAX_VALUE}: the log is not compacted past it, so
     * that the follower can continue from the entries after it once installed.
     */
    public long holdIndex() {
        long hold = recoveredHold;
        if (hold != Long.MAX_VALUE && System.nanoTime() - recoveredHoldUntil > 0) {
            recoveredHold = Long.MAX_VALUE;
            hold = Long.MAX_VALUE;
        }
        for (long index : holding.values()) {
            hold = Math.min(hold, index);
        }
        return hold;
    }

    /** The transfers under way, as of the last tick. */
    public List<SnapshotProgress> progress() {
        return progress;
    }

    /** Gives every transfer up and stops the thread. */
    public void stop() {
        submit(() -> {
            for (Outgoing out : List.copyOf(sending.values())) {
                out.sender.abort(self + " is stopping");
                flush(out);
                end(out);
            }
            receiving.stop();
        });
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private boolean submit(Runnable task) {
        try {
            thread.execute(() -> run(task));
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("group {}: snapshot transfer failed unexpectedly", groupId, e);
        }
    }

    // ---------------------------------------------------------------- sending

    private void startSend(NodeId peer, long term, OutgoingCheckpoints.Checkpoint c, Snapshot image) {
        try {
            TransferManifest manifest;
            TransferSource source;
            AutoCloseable closer;
            if (c != null) {
                manifest = checkpoints.manifest(c);
                CheckpointSource files = new CheckpointSource(c.dir());
                source = files;
                closer = files;
            } else {
                byte[] data = image.data();
                manifest = new TransferManifest(image.meta(), false, List.of(SnapshotFile.of(IMAGE_FILE, data)));
                source = (f, offset, length) -> Arrays.copyOfRange(data, (int) offset, (int) offset + length);
                closer = () -> { };
            }
            Outgoing out = new Outgoing(new SnapshotSender(groupId, self, peer, term, ids.nextLong() & Long.MAX_VALUE,
                manifest, source, limits), c, closer);
            sending.put(peer, out);
            log.info("group {}: sending snapshot at index {} (term {}) to {}: {} {}, {} MiB", groupId,
                manifest.meta().index(), manifest.meta().term(), peer, manifest.files().size(),
                c != null ? "checkpoint files" : "image", SnapshotProgress.mib(manifest.totalBytes()));
            flush(out);
        } catch (IOException | UncheckedIOException | io.basalt.storage.api.StorageException e) {
            log.warn("group {}: cannot send a snapshot to {}: {}", groupId, peer, e.toString());
            busy.remove(peer);
            if (c != null) {
                checkpoints.release(c);
            }
        }
    }

    private void pump(Outgoing out) {
        if (out.sender.state() == SnapshotSender.State.SENDING) {
            holding.putIfAbsent(out.sender.peer(), out.sender.manifest().meta().index());
        }
        if (link.writable(out.sender.peer())) {
            try {
                out.sender.pump();
            } catch (UncheckedIOException e) {
                out.sender.abort("the leader cannot read its checkpoint: " + e.getMessage());
            }
        }
        flush(out);
        if (out.sender.isOver()) {
            end(out);
        }
    }

    private void flush(Outgoing out) {
        boolean linkFull = false;
        for (TransferMessage m : out.sender.takeOutbox()) {
            if (linkFull && m instanceof TransferMessage.Chunk) {
                continue; // sent again from the first one the link refused
            }
            if (!link.send(m) && m instanceof TransferMessage.Chunk c) {
                out.sender.notSent(c);
                linkFull = true;
            }
        }
    }

    private void end(Outgoing out) {
        if (sending.get(out.sender.peer()) != out) {
            return;
        }
        SnapshotSender s = out.sender;
        sending.remove(s.peer());
        holding.remove(s.peer());
        busy.remove(s.peer());
        if (s.manifest().meta().index() == recoveredHold) {
            recoveredHold = Long.MAX_VALUE;
        }
        try {
            out.source.close();
        } catch (Exception ignored) {
            // Read only.
        }
        if (out.checkpoint != null) {
            checkpoints.release(out.checkpoint);
        }
        long index = s.manifest().meta().index();
        if (s.state() == SnapshotSender.State.DONE) {
            doneAt.put(s.peer(), System.nanoTime());
            log.info("group {}: sent snapshot at index {} to {}: {} MiB in {} s ({} MB/s){}{}", groupId, index, s.peer(),
                SnapshotProgress.mib(s.bytesSent()), out.rate.seconds(), SnapshotProgress.mbPerSecond(out.rate.average(
                    s.bytesSent())), s.resumedBytes() > 0 ? ", resumed at " + SnapshotProgress.mib(s.resumedBytes())
                    + " MiB" : "", s.bytesResent() > 0 ? ", " + SnapshotProgress.mib(s.bytesResent()) + " MiB sent again"
                    : "");
        } else {
            log.warn("group {}: gave up sending the snapshot at index {} to {} after {} of {} MiB: {}", groupId, index,
                s.peer(), SnapshotProgress.mib(s.bytesHeld()), SnapshotProgress.mib(s.manifest().totalBytes()),
                s.failure());
        }
    }

    // ---------------------------------------------------------------- receiving

    private void onMessage(TransferMessage m) {
        switch (m) {
            case TransferMessage.Offer o -> receiving.onOffer(o);
            case TransferMessage.Chunk c -> receiving.step(c);
            case TransferMessage.Accept a -> toSender(a);
            case TransferMessage.ChunkAck a -> toSender(a);
            case TransferMessage.Abort a -> {
                toSender(a);
                receiving.step(a);
            }
        }
    }

    private void toSender(TransferMessage m) {
        Outgoing out = sending.get(m.from());
        if (out != null) {
            out.sender.step(m);
            pump(out);
        }
    }

    // ---------------------------------------------------------------- time

    private void tick() {
        for (Outgoing out : List.copyOf(sending.values())) {
            out.sender.tick();
            pump(out);
        }
        List<SnapshotProgress> now = new ArrayList<>();
        long nanos = System.nanoTime();
        for (Outgoing out : sending.values()) {
            SnapshotSender s = out.sender;
            now.add(new SnapshotProgress(groupId, false, s.peer(), s.manifest().meta().index(),
                s.manifest().meta().term(), s.bytesHeld(), s.manifest().totalBytes(),
                out.rate.recent(nanos, s.bytesHeld()), s.resumedBytes()));
        }
        SnapshotProgress in = receiving.tick(nanos);
        if (in != null) {
            now.add(in);
        }
        progress = List.copyOf(now);
    }
}
