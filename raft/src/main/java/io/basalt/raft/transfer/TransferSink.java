package io.basalt.raft.transfer;

/**
 * Where a receiver keeps a snapshot's bytes as they arrive: durably, so that an acknowledged
 * chunk survives a crash. An I/O failure is an unchecked exception; the driver gives the
 * session up.
 */
public interface TransferSink {
    /**
     * How many bytes of {@code file} (by its content, its SHA-256) this sink already holds
     * durably: {@code file.size()} if it holds the whole file, checked; else a prefix, possibly
     * empty, that the sender need not send again.
     */
    long held(SnapshotFile file);

    /** Appends {@code data} to {@code file} at {@code offset}, which is what it holds; durable on return. */
    void write(SnapshotFile file, long offset, byte[] data);

    /**
     * Every byte of {@code file} was written: true if they match its SHA-256 (it is then held
     * whole); false if not, and the bytes are discarded.
     */
    boolean complete(SnapshotFile file);
}
