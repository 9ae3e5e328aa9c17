package io.basalt.server.snapshot;

import io.basalt.common.NodeId;
import io.basalt.raft.Snapshot;
import io.basalt.raft.transfer.SnapshotReceiver;
import io.basalt.raft.transfer.TransferLimits;
import io.basalt.raft.transfer.TransferManifest;
import io.basalt.raft.transfer.TransferMessage;
import io.basalt.server.client.SnapshotProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's side of a group's snapshot transfers: at most one {@link SnapshotReceiver} at
 * a time, its bytes in the {@link IncomingStaging}; a completed snapshot goes to the group. Used
 * on the transfer thread only.
 */
final class Receiving {
    private static final Logger log = LoggerFactory.getLogger(Receiving.class);

    private static final class Incoming {
        final SnapshotReceiver receiver;
        final TransferRate rate = new TransferRate();
        long loggedNanos = System.nanoTime();

        Incoming(SnapshotReceiver receiver) {
            this.receiver = receiver;
        }
    }

    private final long groupId;
    private final NodeId self;
    private final boolean stateInMemory;
    private final IncomingStaging staging;
    private final TransferLimits limits;
    private final SnapshotTransfers.Link link;
    private final SnapshotTransfers.Group group;
    private Incoming receiving;

    Receiving(long groupId, NodeId self, boolean stateInMemory, IncomingStaging staging, TransferLimits limits,
              SnapshotTransfers.Link link, SnapshotTransfers.Group group) {
        this.groupId = groupId;
        this.self = self;
        this.stateInMemory = stateInMemory;
        this.staging = staging;
        this.limits = limits;
        this.link = link;
        this.group = group;
    }

    boolean active() {
        return receiving != null;
    }

    /** A chunk, or an abort, from a sender. */
    void step(TransferMessage m) {
        if (receiving != null && receiving.receiver.transferId() == m.transferId()) {
            stepReceiver(m);
        } else if (m instanceof TransferMessage.Chunk c) {
            // A transfer this process does not know (it restarted, or gave it up): the sender
            // should stop now and offer again, not wait out its timeout.
            link.send(new TransferMessage.Abort(groupId, self, c.from(), c.term(), c.transferId(),
                self + " has no such transfer"));
        }
    }

    /** The group's leader is now {@code leader} (null: unknown). */
    void leaderIs(NodeId leader) {
        if (receiving != null && leader != null && !leader.equals(receiving.receiver.leader())) {
            receiving.receiver.abort("the leader is now " + leader);
            flush(receiving);
            log.info("group {}: abandoned the snapshot from {}: the leader is now {}", groupId,
                receiving.receiver.leader(), leader);
            receiving = null;
        }
        NodeId owner = staging.owner();
        if (receiving == null && leader != null && owner != null && !leader.equals(owner)) {
            staging.wipe(); // another leader's files: its transfer will not resume
        }
    }

    /** A received checkpoint was installed: the files staged for it go, unless another transfer runs. */
    void installed() {
        if (receiving == null) {
            staging.wipe();
        }
    }

    void stop() {
        if (receiving != null) {
            receiving.receiver.abort(self + " is stopping");
            flush(receiving);
            receiving = null;
        }
    }

    /** One tick: the receiver's timer; returns its progress (logged every few seconds), or null. */
    SnapshotProgress tick(long nanos) {
        if (receiving == null) {
            return null;
        }
        receiving.receiver.tick();
        afterReceive();
        if (receiving == null) {
            return null;
        }
        SnapshotReceiver r = receiving.receiver;
        SnapshotProgress p = new SnapshotProgress(groupId, true, r.leader(), r.manifest().meta().index(),
            r.manifest().meta().term(), r.bytesHeld(), r.manifest().totalBytes(),
            receiving.rate.recent(nanos, r.bytesHeld()), r.resumedBytes());
        if (nanos - receiving.loggedNanos >= SnapshotTransfers.PROGRESS_LOG_NANOS) {
            receiving.loggedNanos = nanos;
            log.info("group {}: {}", groupId, p.describe());
        }
        return p;
    }

    void onOffer(TransferMessage.Offer o) {
        if (o.term() < group.term()) {
            link.send(new TransferMessage.Abort(groupId, self, o.from(), o.term(), o.transferId(),
                "offer of term " + o.term() + ", this node is in term " + group.term()));
            return;
        }
        if (o.manifest().external() && stateInMemory) {
            log.warn("group {}: refusing the RocksDB checkpoint {} offers: this node keeps its state in memory", groupId,
                o.from());
            link.send(new TransferMessage.Abort(groupId, self, o.from(), o.term(), o.transferId(),
                self + " keeps its state in memory and cannot install a RocksDB checkpoint"));
            return;
        }
        if (receiving != null) {
            if (receiving.receiver.transferId() == o.transferId()) {
                stepReceiver(o);
                return;
            }
            log.info("group {}: the snapshot transfer from {} is replaced by a new one from {}", groupId,
                receiving.receiver.leader(), o.from());
            receiving = null;
        }
        try {
            staging.own(o.from());
            SnapshotReceiver r = new SnapshotReceiver(o, staging, limits);
            receiving = new Incoming(r);
            TransferManifest m = o.manifest();
            log.info("group {}: receiving snapshot at index {} (term {}) from {}: {} files, {} MiB{}", groupId,
                m.meta().index(), m.meta().term(), o.from(), m.files().size(), SnapshotProgress.mib(m.totalBytes()),
                r.resumedBytes() > 0 ? "; resuming with " + SnapshotProgress.mib(r.resumedBytes()) + " MiB held already"
                    : "");
            afterReceive();
        } catch (UncheckedIOException | io.basalt.storage.api.StorageException e) {
            log.warn("group {}: cannot receive the snapshot from {}: {}", groupId, o.from(), e.toString());
            link.send(new TransferMessage.Abort(groupId, self, o.from(), o.term(), o.transferId(),
                self + " cannot stage it: " + e.getMessage()));
            receiving = null;
        }
    }

    private void stepReceiver(TransferMessage m) {
        try {
            receiving.receiver.step(m);
        } catch (UncheckedIOException e) {
            log.warn("group {}: cannot write the snapshot from {}: {}", groupId, receiving.receiver.leader(),
                e.getMessage());
            receiving.receiver.abort(self + " cannot write it: " + e.getMessage());
        }
        afterReceive();
    }

    private void afterReceive() {
        Incoming in = receiving;
        flush(in);
        switch (in.receiver.state()) {
            case RECEIVING -> { }
            case COMPLETE -> complete(in);
            case FAILED -> {
                log.warn("group {}: the snapshot transfer from {} stopped at {} of {} MiB: {}", groupId,
                    in.receiver.leader(), SnapshotProgress.mib(in.receiver.bytesHeld()),
                    SnapshotProgress.mib(in.receiver.manifest().totalBytes()), in.receiver.failure());
                receiving = null;
            }
        }
    }

    private void flush(Incoming in) {
        for (TransferMessage m : in.receiver.takeOutbox()) {
            link.send(m);
        }
    }

    private void complete(Incoming in) {
        receiving = null;
        SnapshotReceiver r = in.receiver;
        TransferManifest m = r.manifest();
        Snapshot snapshot;
        try {
            if (m.external()) {
                staging.prepare(m);
                snapshot = Snapshot.external(m.meta());
            } else {
                snapshot = new Snapshot(m.meta(), staging.image(m));
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("group {}: cannot prepare the received snapshot at index {}: {}", groupId, m.meta().index(),
                e.toString());
            return;
        }
        long received = r.bytesHeld() - r.resumedBytes();
        log.info("group {}: received snapshot at index {} from {}: {} MiB in {} s ({} MB/s){}{}", groupId,
            m.meta().index(), r.leader(), SnapshotProgress.mib(received), in.rate.seconds(),
            SnapshotProgress.mbPerSecond(in.rate.average(received)),
            r.resumedBytes() > 0 ? ", " + SnapshotProgress.mib(r.resumedBytes()) + " MiB held already" : "",
            r.chunksDamaged() + r.filesFailedCheck() > 0 ? ", " + r.chunksDamaged() + " damaged chunks and "
                + r.filesFailedCheck() + " files that failed their SHA-256 received again" : "");
        group.received(r.leader(), r.term(), snapshot);
    }
}
