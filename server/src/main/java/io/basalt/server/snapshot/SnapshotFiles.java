package io.basalt.server.snapshot;

import io.basalt.raft.transfer.SnapshotFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** File helpers of snapshot transfers: digests, listings, fsync of files and directories. */
final class SnapshotFiles {
    private static final int BUFFER_BYTES = 1 << 20;

    private SnapshotFiles() {}

    /** The files of a checkpoint directory, by name, each with its size and SHA-256. */
    static List<SnapshotFile> describe(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<SnapshotFile> files = new ArrayList<>(paths.size());
        for (Path p : paths) {
            files.add(new SnapshotFile(p.getFileName().toString(), Files.size(p), sha256(p, Files.size(p))));
        }
        return files;
    }

    /** The SHA-256 of the first {@code length} bytes of {@code file}, as hex. */
    static String sha256(Path file, long length) throws IOException {
        MessageDigest digest = SnapshotFile.newDigest();
        update(digest, file, length);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Feeds the first {@code length} bytes of {@code file} to {@code digest}. */
    static void update(MessageDigest digest, Path file, long length) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER_BYTES, Math.max(1, length))];
        long left = length;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(file + " ended " + left + " bytes before " + length);
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
    }

    static void syncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Makes a directory's entries (created, renamed, deleted files) durable. */
    static void syncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
