package io.basalt.server.snapshot;

import io.basalt.raft.transfer.SnapshotFile;
import io.basalt.raft.transfer.TransferSource;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads a checkpoint's files for a sender, keeping the file being sent open. */
final class CheckpointSource implements TransferSource, AutoCloseable {
    private final Path dir;
    private String openName;
    private FileChannel open;

    CheckpointSource(Path dir) {
        this.dir = dir;
    }

    @Override
    public byte[] read(SnapshotFile file, long offset, int length) {
        try {
            if (!file.name().equals(openName)) {
                close();
                open = FileChannel.open(dir.resolve(file.name()), StandardOpenOption.READ);
                openName = file.name();
            }
            ByteBuffer b = ByteBuffer.allocate(length);
            long at = offset;
            while (b.hasRemaining()) {
                int n = open.read(b, at);
                if (n < 0) {
                    throw new EOFException(dir.resolve(file.name()) + " ends before " + (offset + length));
                }
                at += n;
            }
            return b.array();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read checkpoint file " + dir.resolve(file.name()), e);
        }
    }

    @Override
    public void close() {
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // Read only.
            }
        }
        open = null;
        openName = null;
    }
}
