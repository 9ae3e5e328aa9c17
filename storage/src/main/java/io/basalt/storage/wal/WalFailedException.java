package io.basalt.storage.wal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A write or fsync of the log failed, now or earlier, so the log accepts nothing more.
 * Retrying is not safe: after a failed fsync the kernel may have dropped the dirty pages and
 * marked them clean, so a later fsync can succeed without the data ever reaching the disk. The
 * node stops writing and steps down; on restart, recovery reads what really is on disk.
 *
 * <p>It names the file the failed operation was on ({@link #file()}, the segment, a segment
 * being created, or the log's directory) and says whether the disk was full
 * ({@link #diskFull()}), which an operator fixes differently from an I/O error.
 */
public final class WalFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public WalFailedException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public WalFailedException(String message, Path file, Throwable cause) {
        super(message + (file == null ? "" : " on " + file) + ": " + reasonOf(cause), cause);
        this.file = file;
    }

    /** The file whose write or fsync failed, or null if not known. */
    public Path file() {
        return file;
    }

    /** The operating system's words for the first failure, e.g. "No space left on device". */
    public String reason() {
        return reasonOf(getCause());
    }

    /** True if the first failure was a full disk (ENOSPC) or an exhausted quota (EDQUOT). */
    public boolean diskFull() {
        return isDiskFull(getCause());
    }

    /** Whether {@code error} or one of its causes is a full disk or an exhausted quota. */
    public static boolean isDiskFull(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("no space left on device") || m.contains("disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }

    /** The message of the innermost cause, which is the operating system's. */
    static String reasonOf(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
