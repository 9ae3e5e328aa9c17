package io.basalt.raft.transfer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file of a snapshot: its name (a plain file name, no directories), its size and the
 * SHA-256 of its bytes as 64 lower-case hex digits. Two files with the same digest hold the same
 * bytes, which lets a receiver keep what it got across transfers.
 */
public record SnapshotFile(String name, long size, String sha256) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public SnapshotFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("snapshot file name '" + name + "' is not a plain file name");
        }
        if (size < 0) {
            throw new IllegalArgumentException("snapshot file " + name + " has a negative size " + size);
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("snapshot file " + name + " has a malformed SHA-256 '" + sha256 + "'");
        }
    }

    /** The file {@code name} holding {@code content}. */
    public static SnapshotFile of(String name, byte[] content) {
        return new SnapshotFile(name, content.length, HexFormat.of().formatHex(newDigest().digest(content)));
    }

    /** A new SHA-256 digest (every JDK has one). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
