package io.basalt.storage.api;

/**
 * An engine could not read or write its stored state (an I/O error, a full disk, a RocksDB
 * error). Unchecked: a replica that cannot apply must stop applying, so callers do not
 * recover from it, they report it and step down.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
