package io.basalt.storage.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The log on disk is damaged somewhere other than its tail, so records that were once durable
 * may be lost. The node must not start on it: an operator restores the replica from its peers.
 */
public final class WalCorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public WalCorruptionException(Path file, long offset, String reason) {
        super("write-ahead log corrupt: " + file + " at byte offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    /** The damaged segment file. */
    public Path file() {
        return file;
    }

    /** Byte offset in {@link #file()} of the first damaged frame or header field. */
    public long offset() {
        return offset;
    }
}
