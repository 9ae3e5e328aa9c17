package io.basalt.storage.memory;

import io.basalt.storage.api.EngineLimits;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.StorageCorruptionException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.CRC32C;

/**
 * The file form of the memory engine's state, for flush and checkpoint. Big-endian:
 * <pre>
 *   u32 magic "BSME" | u32 format version | u64 applied index | u64 entry count
 *   entry count x ( u32 key length | key | u32 value length | value ), keys ascending
 *   u32 CRC32C of every byte before it
 * </pre>
 * Nothing may follow the checksum. Reading checks the magic, version, lengths against
 * {@link EngineLimits}, key order and the checksum, and names the file in any
 * {@link StorageCorruptionException}.
 */
final class MemoryImage {
    static final String FILE_NAME = "memory-engine.image";
    static final int MAGIC = 0x42534d45;
    static final int FORMAT_VERSION = 1;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** What a file holds. */
    record Contents(Treap.Node root, long appliedIndex) {
    }

    private MemoryImage() {
    }

    /** Writes the image to {@code file} and fsyncs it; the caller makes it visible by renaming. */
    static void write(Path file, Treap.Node root, long appliedIndex) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
            CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw, BUFFER_BYTES), new CRC32C());
            DataOutputStream out = new DataOutputStream(checked);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(appliedIndex);
            out.writeLong(Treap.count(root));
            writeEntries(out, root);
            out.writeInt((int) checked.getChecksum().getValue());
            out.flush();
            channel.force(true);
        }
    }

    /** In key order, without recursion: a tree's depth is small, but an explicit stack costs nothing. */
    private static void writeEntries(DataOutputStream out, Treap.Node root) throws IOException {
        ArrayDeque<Treap.Node> stack = new ArrayDeque<>();
        Treap.Node node = root;
        while (node != null || !stack.isEmpty()) {
            for (; node != null; node = node.left) {
                stack.push(node);
            }
            Treap.Node next = stack.pop();
            out.writeInt(next.key.length);
            out.write(next.key);
            out.writeInt(next.value.length);
            out.write(next.value);
            node = next.right;
        }
    }

    static Contents read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, BUFFER_BYTES), new CRC32C());
            DataInputStream in = new DataInputStream(checked);
            return read(file, checked, in);
        } catch (EOFException e) {
            throw new StorageCorruptionException("memory engine image " + file + " is truncated", e);
        }
    }

    private static Contents read(Path file, CheckedInputStream checked, DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw corrupt(file, String.format("has magic 0x%08x, not a memory engine image", magic));
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw corrupt(file, "has format version " + version + "; this build reads " + FORMAT_VERSION);
        }
        long appliedIndex = in.readLong();
        long count = in.readLong();
        if (appliedIndex < 0 || count < 0) {
            throw corrupt(file, "has applied index " + appliedIndex + " and entry count " + count);
        }
        Treap.Node root = null;
        byte[] previous = null;
        for (long i = 0; i < count; i++) {
            byte[] key = readBytes(file, in, EngineLimits.KEY_BYTES_MAX, "key", i);
            byte[] value = readBytes(file, in, EngineLimits.VALUE_BYTES_MAX, "value", i);
            if (previous != null && KeyOrder.compare(previous, key) >= 0) {
                throw corrupt(file, "has entry " + i + " out of key order: " + KeyOrder.show(key) + " after "
                    + KeyOrder.show(previous));
            }
            root = Treap.put(root, key, value);
            previous = key;
        }
        int expected = (int) checked.getChecksum().getValue();
        int stored = in.readInt();
        if (stored != expected) {
            throw corrupt(file, String.format("fails its checksum: stored 0x%08x, computed 0x%08x", stored, expected));
        }
        if (in.read() != -1) {
            throw corrupt(file, "has bytes after its checksum");
        }
        return new Contents(root, appliedIndex);
    }

    private static byte[] readBytes(Path file, DataInputStream in, int max, String what, long entry) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw corrupt(file, "has a " + what + " length of " + length + " in entry " + entry + " (at most " + max + ")");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** Makes a rename or a new file in {@code dir} durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static StorageCorruptionException corrupt(Path file, String problem) {
        return new StorageCorruptionException("memory engine image " + file + " " + problem);
    }
}
