package io.basalt.storage.wal;

import java.io.IOException;

/**
 * A write or fsync of the log failed earlier, so the log accepts nothing more. Retrying is
 * not safe: after a failed fsync the kernel may have dropped the dirty pages and marked them
 * clean, so a later fsync can succeed without the data ever reaching the disk. The node stops
 * writing and steps down; on restart, recovery reads what really is on disk.
 */
public final class WalFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public WalFailedException(String message, Throwable cause) {
        super(message + ": " + cause, cause);
    }
}
