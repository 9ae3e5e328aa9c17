package io.basalt.server.backup;

import io.basalt.server.replica.StateEngines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Copying and hashing the files of a backup, and what their failures mean to a user. */
final class BackupFiles {
    private static final int BUFFER_BYTES = 1 << 20;

    private BackupFiles() {}

    /** The regular files directly in {@code dir}, by name. */
    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Copies {@code from} to {@code to} (which must not exist), fsyncs it, and returns the
     * SHA-256 of the bytes copied, in lower-case hex.
     */
    static String copy(Path from, Path to, ByteProgress progress) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(from);
             FileChannel ch = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(ch)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                sha.update(buf, 0, n);
                progress.advanced(n);
            }
            out.flush();
            ch.force(true);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The SHA-256 of {@code file}, in lower-case hex. */
    static String sha256(Path file, ByteProgress progress) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                progress.advanced(n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Makes the renames and creations in {@code dir} durable. */
    static void syncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Writes {@code bytes} to {@code file} through a temporary file, fsync and an atomic rename. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        syncDir(file.getParent());
    }

    /** Whether {@code dir} holds anything. */
    static boolean isNonEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    /** Deletes everything in {@code dir}, keeping {@code dir} itself. */
    static void emptyDir(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                StateEngines.deleteTree(p);
            }
        } catch (IOException | RuntimeException e) {
            // Best effort after a failure that is already being reported.
        }
    }

    /** "disk full" for ENOSPC, so the user reads the cause and not only the errno text. */
    static String describe(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left on device")) {
            return "disk full (" + m + ")";
        }
        return e.getClass().getSimpleName().replace("Exception", "") + ": " + m;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
