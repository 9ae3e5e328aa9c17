package io.basalt.server.snapshot;

import com.google.protobuf.InvalidProtocolBufferException;
import io.basalt.raft.SnapshotMeta;
import io.basalt.raft.transfer.TransferManifest;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.replica.StateEngines;
import io.basalt.server.wire.TransferCodec;
import io.basalt.server.wire.WireException;
import io.basalt.storage.api.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader's checkpoints of its state engine for snapshot transfers, in
 * {@code <home>/snapshots/out/group-<id>}: {@code cp-<index>-<term>/} holds the checkpoint
 * (hard links to the engine's files on RocksDB), {@code cp-<index>-<term>.manifest} its files'
 * sizes and SHA-256, written once they are computed. A checkpoint is reused for every follower
 * that needs a snapshot while the log still holds the entries after it, and after a restart
 * (so a transfer cut by the leader's crash resumes on the same files); one no transfer uses is
 * deleted once a newer one exists. Thread-safe: taken on the group's loop, hashed and read on
 * the transfer thread.
 */
public final class OutgoingCheckpoints {
    private static final Logger log = LoggerFactory.getLogger(OutgoingCheckpoints.class);
    private static final Pattern NAME = Pattern.compile("cp-(\\d+)-(\\d+)");
    private static final String MANIFEST = ".manifest";

    /** One checkpoint: its directory, the snapshot it is, its manifest once computed, its users. */
    public static final class Checkpoint {
        private final Path dir;
        private final SnapshotMeta meta;
        private TransferManifest manifest;
        private int users;

        private Checkpoint(Path dir, SnapshotMeta meta, TransferManifest manifest) {
            this.dir = dir;
            this.meta = meta;
            this.manifest = manifest;
        }

        public Path dir() {
            return dir;
        }

        public SnapshotMeta meta() {
            return meta;
        }

        @Override
        public String toString() {
            return "checkpoint at " + meta.index() + " (term " + meta.term() + ") in " + dir;
        }
    }

    private final Path root;
    private final TreeMap<Long, Checkpoint> byIndex = new TreeMap<>();

    /** The checkpoints of group {@code groupId} under {@code home}: keeps the newest whole one from an earlier run. */
    public OutgoingCheckpoints(Path home, long groupId) {
        this.root = home.resolve("snapshots").resolve("out").resolve("group-" + groupId).toAbsolutePath();
        load();
    }

    private void load() {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(root)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            log.warn("cannot list snapshot checkpoints in {}: {}", root, e.toString());
            return;
        }
        Checkpoint newest = null;
        for (Path p : entries) {
            Matcher m = NAME.matcher(p.getFileName().toString());
            if (!m.matches() || !Files.isDirectory(p)) {
                continue;
            }
            TransferManifest manifest = readManifest(manifestOf(p));
            if (manifest != null && (newest == null || manifest.meta().index() > newest.meta.index())) {
                newest = new Checkpoint(p, manifest.meta(), manifest);
            }
        }
        if (newest != null) {
            byIndex.put(newest.meta.index(), newest);
        }
        for (Path p : entries) {
            if (newest == null || !(p.equals(newest.dir) || p.equals(manifestOf(newest.dir)))) {
                delete(p);
            }
        }
    }

    private static Path manifestOf(Path dir) {
        return dir.resolveSibling(dir.getFileName() + MANIFEST);
    }

    private static TransferManifest readManifest(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return TransferCodec.decode(NodeProto.SnapshotOffer.parseFrom(Files.readAllBytes(file)));
        } catch (IOException | WireException e) {
            log.warn("ignoring snapshot manifest {}: {}", file, e.toString());
            return null;
        }
    }

    /**
     * The newest checkpoint a follower can continue from: at or after {@code minIndex} (the log's
     * snapshot, so the entries after it are still in the log), and of the term the log has at its
     * index; null if none.
     */
    public synchronized Checkpoint reusable(long minIndex, LongUnaryOperator termAt) {
        for (Checkpoint c : byIndex.descendingMap().values()) {
            if (c.meta.index() >= minIndex && termAt.applyAsLong(c.meta.index()) == c.meta.term()) {
                return c;
            }
        }
        return null;
    }

    /**
     * Like {@link #reusable}, and acquired for a transfer in the same step (so that no release of
     * another transfer deletes it in between); null if none.
     */
    public synchronized Checkpoint acquireReusable(long minIndex, LongUnaryOperator termAt) {
        Checkpoint c = reusable(minIndex, termAt);
        if (c != null) {
            c.users++;
        }
        return c;
    }

    /**
     * Takes a checkpoint of {@code engine}, which is at {@code meta.index()}, between two applied
     * entries (on the group's loop), acquired for a transfer.
     *
     * @throws io.basalt.storage.api.StorageException if the engine cannot write it
     */
    public synchronized Checkpoint take(Engine engine, SnapshotMeta meta) {
        Path dir = root.resolve("cp-" + meta.index() + "-" + meta.term());
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new io.basalt.storage.api.StorageException("cannot create " + root + ": " + e, e);
        }
        delete(dir);
        delete(manifestOf(dir));
        engine.checkpoint(dir);
        Checkpoint c = new Checkpoint(dir, meta, null);
        c.users = 1;
        Checkpoint replaced = byIndex.put(meta.index(), c);
        if (replaced != null && replaced.users > 0) {
            log.warn("replaced {} while {} transfers used it", replaced, replaced.users);
        }
        return c;
    }

    /**
     * The checkpoint's manifest, computing (reading every file once) and storing it the first
     * time; on the transfer thread, never the group's loop.
     */
    public TransferManifest manifest(Checkpoint c) throws IOException {
        synchronized (this) {
            if (c.manifest != null) {
                return c.manifest;
            }
        }
        TransferManifest manifest = new TransferManifest(c.meta, true, SnapshotFiles.describe(c.dir));
        Path file = manifestOf(c.dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, TransferCodec.encode(manifest).toByteArray());
        SnapshotFiles.syncFile(tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SnapshotFiles.syncDir(root);
        synchronized (this) {
            c.manifest = manifest;
        }
        return manifest;
    }

    /** A transfer starts using {@code c}. */
    public synchronized void acquire(Checkpoint c) {
        c.users++;
    }

    /** A transfer is done with {@code c}: checkpoints no transfer uses are deleted, but the newest. */
    public synchronized void release(Checkpoint c) {
        c.users--;
        prune();
    }

    private void prune() {
        List<Checkpoint> drop = new ArrayList<>();
        Long newest = byIndex.isEmpty() ? null : byIndex.lastKey();
        for (Checkpoint c : byIndex.values()) {
            if (c.users == 0 && c.meta.index() != newest) {
                drop.add(c);
            }
        }
        for (Checkpoint c : drop) {
            byIndex.remove(c.meta.index());
            delete(c.dir);
            delete(manifestOf(c.dir));
        }
    }

    /** The newest checkpoint kept, or null. */
    public synchronized Checkpoint newest() {
        return byIndex.isEmpty() ? null : byIndex.lastEntry().getValue();
    }

    /** How many checkpoints are kept (for tests). */
    public synchronized int count() {
        return byIndex.size();
    }

    private static void delete(Path p) {
        try {
            StateEngines.deleteTree(p);
        } catch (RuntimeException e) {
            log.warn("cannot delete {}: {}", p, e.toString());
        }
    }
}
