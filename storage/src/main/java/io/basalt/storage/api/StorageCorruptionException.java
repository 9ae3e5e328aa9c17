package io.basalt.storage.api;

/** Stored state failed a check when read back (bad magic, checksum, or structure); names the file. */
public class StorageCorruptionException extends StorageException {
    private static final long serialVersionUID = 1L;

    public StorageCorruptionException(String message) {
        super(message);
    }

    public StorageCorruptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
