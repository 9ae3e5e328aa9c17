package io.basalt.raft.transfer;

/** Where a sender reads a snapshot's bytes: the leader's checkpoint files, or an image in memory. */
public interface TransferSource {
    /**
     * {@code length} bytes of {@code file} from {@code offset}, all within the file. An I/O
     * failure is an unchecked exception; the driver gives the session up.
     */
    byte[] read(SnapshotFile file, long offset, int length);
}
