package io.basalt.server.snapshot;

import io.basalt.common.NodeId;
import io.basalt.raft.SnapshotMeta;
import io.basalt.raft.transfer.SnapshotFile;
import io.basalt.raft.transfer.TransferManifest;
import io.basalt.raft.transfer.TransferSink;
import io.basalt.server.replica.StateEngines;
import io.basalt.storage.api.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A follower's staging of received snapshots, {@code <home>/snapshots/in/group-<id>}:
 * <ul>
 *   <li>{@code files/<sha256>.part}: a file being received, every acknowledged chunk fsynced;</li>
 *   <li>{@code files/<sha256>}: a file received whole whose bytes matched the digest;</li>
 *   <li>{@code ready-<index>-<term>/}: a received checkpoint, its files linked under their
 *       names, waiting for the Raft core to install it;</li>
 *   <li>{@code leader}: the node the files came from.</li>
 * </ul>
 * Files are kept by content, so a transfer resumed after a dropped connection or a restart of
 * either side sends only what is missing, even from a newer checkpoint that shares files with
 * the older one. After a crash the last chunk of a partial file may not have reached the disk
 * (it was never acknowledged): a partial file is cut by one chunk when first seen by a new
 * process, and the whole-file digest catches anything else. Used by one thread at a time.
 */
public final class IncomingStaging implements TransferSink {
    private static final Pattern READY = Pattern.compile("ready-(\\d+)-(\\d+)(\\.tmp)?");
    private final Path root;
    private final Path files;
    private final int chunkBytes;
    /** Partial files already cut back in this process. */
    private final Set<String> checkedTails = new HashSet<>();
    /** The file being written, kept open with the digest of its bytes so far. */
    private String openSha;
    private FileChannel open;
    private MessageDigest digest;
    private long digested;

    public IncomingStaging(Path home, long groupId, int chunkBytes) {
        this.root = home.resolve("snapshots").resolve("in").resolve("group-" + groupId).toAbsolutePath();
        this.files = root.resolve("files");
        this.chunkBytes = chunkBytes;
    }

    public Path root() {
        return root;
    }

    /** The node whose files the staging holds, or null. */
    public NodeId owner() {
        Path f = root.resolve("leader");
        try {
            return Files.exists(f) ? NodeId.of(Files.readString(f, StandardCharsets.UTF_8).trim()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The staging now holds files from {@code leader}; those of another are deleted first. */
    public void own(NodeId leader) {
        NodeId current = owner();
        if (leader.equals(current)) {
            return;
        }
        wipe();
        try {
            Files.createDirectories(files);
            Files.writeString(root.resolve("leader"), leader.value(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve("leader"), e);
        }
    }

    /**
     * Deletes the files received so far and whose they were. Ready checkpoints stay: one may be
     * waiting for the group to install it (they go once it has, or at the next start).
     */
    public void wipe() {
        closeOpen();
        checkedTails.clear();
        StateEngines.deleteTree(files);
        try {
            Files.deleteIfExists(root.resolve("leader"));
        } catch (IOException e) {
            throw new StorageException("cannot delete " + root.resolve("leader") + ": " + e, e);
        }
    }

    @Override
    public long held(SnapshotFile f) {
        try {
            if (Files.exists(whole(f))) {
                return f.size();
            }
            Path part = part(f);
            if (!Files.exists(part)) {
                return 0;
            }
            if (checkedTails.add(f.sha256()) && !f.sha256().equals(openSha)) {
                // Written by an earlier process: its last chunk may not have reached the disk.
                long cut = Math.max(0, Files.size(part) - chunkBytes);
                try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                    ch.truncate(cut);
                    ch.force(true);
                }
            }
            long size = Files.size(part);
            if (size >= f.size()) {
                // All of it is here: only a check is missing.
                return complete(f) ? f.size() : 0;
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read staged snapshot file " + part(f), e);
        }
    }

    @Override
    public void write(SnapshotFile f, long offset, byte[] data) {
        try {
            if (!f.sha256().equals(openSha)) {
                closeOpen();
                Files.createDirectories(files);
                open = FileChannel.open(part(f), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
                openSha = f.sha256();
                checkedTails.add(openSha); // what this process writes is forced before it is acknowledged
                digest = SnapshotFile.newDigest();
                digested = 0;
            }
            if (open.size() != offset) {
                open.truncate(offset);
            }
            if (digested != offset) {
                // Resumed in the middle: the digest starts over the bytes already here.
                digest.reset();
                SnapshotFiles.update(digest, part(f), offset);
                digested = offset;
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            long at = offset;
            while (b.hasRemaining()) {
                at += open.write(b, at);
            }
            open.force(false);
            digest.update(data);
            digested += data.length;
        } catch (IOException e) {
            closeOpen();
            throw new UncheckedIOException(describe(e, part(f)), e);
        }
    }

    @Override
    public boolean complete(SnapshotFile f) {
        try {
            Path part = part(f);
            String actual;
            if (f.sha256().equals(openSha) && digested == f.size()) {
                actual = HexFormat.of().formatHex(digest.digest());
                closeOpen();
            } else {
                closeOpen();
                if (f.size() == 0 && !Files.exists(part)) {
                    Files.createDirectories(files);
                    Files.createFile(part);
                }
                actual = Files.size(part) == f.size() ? SnapshotFiles.sha256(part, f.size()) : "";
            }
            if (!actual.equals(f.sha256())) {
                Files.deleteIfExists(part);
                return false;
            }
            SnapshotFiles.syncFile(part);
            Files.move(part, whole(f), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            SnapshotFiles.syncDir(files);
            return true;
        } catch (IOException e) {
            closeOpen();
            throw new UncheckedIOException(describe(e, part(f)), e);
        }
    }

    /**
     * Puts every file of {@code m}, all held whole, under its name into
     * {@code ready-<index>-<term>}, durably, and returns that directory. One that exists already
     * is left as it is: it holds the same state (that of the committed index), and the group may
     * be installing it. Table files (immutable once written) are hard links to the received
     * ones; the others, which an engine may write to, are copies.
     */
    public Path prepare(TransferManifest m) throws IOException {
        closeOpen();
        Path ready = ready(m.meta());
        if (Files.isDirectory(ready)) {
            return ready;
        }
        Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
        StateEngines.deleteTree(tmp);
        Files.createDirectories(tmp);
        for (SnapshotFile f : m.files()) {
            Path target = tmp.resolve(f.name());
            boolean linked = false;
            if (f.name().endsWith(".sst")) {
                try {
                    Files.createLink(target, whole(f));
                    linked = true;
                } catch (UnsupportedOperationException | FileSystemException e) {
                    linked = false; // a file system without hard links: copy
                }
            }
            if (!linked) {
                Files.copy(whole(f), target);
                SnapshotFiles.syncFile(target);
            }
        }
        SnapshotFiles.syncDir(tmp);
        Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE);
        SnapshotFiles.syncDir(root);
        return ready;
    }

    /** The bytes of an image snapshot's one file, held whole. */
    public byte[] image(TransferManifest m) throws IOException {
        closeOpen();
        return Files.readAllBytes(whole(m.files().getFirst()));
    }

    /** The directory a received checkpoint of {@code meta} waits in (it may not exist). */
    public Path ready(SnapshotMeta meta) {
        return root.resolve("ready-" + meta.index() + "-" + meta.term());
    }

    /** Deletes every ready checkpoint (at a start, once a pending install is done). */
    public void dropReady() {
        dropReadyBelow(Long.MAX_VALUE);
    }

    /** Deletes the ready checkpoints below {@code index}: a newer snapshot was installed. */
    public void dropReadyBelow(long index) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                Matcher m = READY.matcher(p.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) < index) {
                    StateEngines.deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list " + root + ": " + e, e);
        }
    }

    /** Bytes held in the staging (files whole and partial), for tests and logs. */
    public long stagedBytes() {
        if (!Files.isDirectory(files)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(files)) {
            long sum = 0;
            for (Path p : s.toList()) {
                sum += Files.size(p);
            }
            return sum;
        } catch (IOException e) {
            return 0;
        }
    }

    private void closeOpen() {
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // Nothing was pending: every write was forced before it returned.
            }
        }
        open = null;
        openSha = null;
        digest = null;
        digested = 0;
    }

    private Path whole(SnapshotFile f) {
        return files.resolve(f.sha256());
    }

    private Path part(SnapshotFile f) {
        return files.resolve(f.sha256() + ".part");
    }

    private static String describe(IOException e, Path file) {
        String msg = String.valueOf(e.getMessage());
        boolean full = msg.contains("No space left");
        return (full ? "disk full while writing " : "cannot write ") + file + ": " + e;
    }
}
