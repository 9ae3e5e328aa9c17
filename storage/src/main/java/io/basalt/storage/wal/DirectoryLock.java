package io.basalt.storage.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a log directory, so that a second process (or a second open in this
 * one) cannot interleave its frames with ours. The kernel drops it when the process dies.
 */
final class DirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "LOCK";

    private final FileChannel channel;

    private DirectoryLock(FileChannel channel) {
        this.channel = channel;
    }

    static DirectoryLock acquire(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(FILE_NAME),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("write-ahead log " + dir + " is in use by another process");
            }
            return new DirectoryLock(channel);
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("write-ahead log " + dir + " is already open in this process", e);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Closing the channel releases the lock. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
