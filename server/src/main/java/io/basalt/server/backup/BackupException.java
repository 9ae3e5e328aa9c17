package io.basalt.server.backup;

/** A backup or a restore could not be done; the message says why and names the file or directory. */
public final class BackupException extends Exception {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
