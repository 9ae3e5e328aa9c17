package io.basalt.server.replica;

import io.basalt.server.transport.Frames;
import io.basalt.storage.wal.GroupCommitWriter;
import io.basalt.storage.wal.RecordVisitor;
import io.basalt.storage.wal.SegmentedWal;
import io.basalt.storage.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The segmented write-ahead log on disk, written through one group-commit writer thread. */
public final class WalRecordLog implements RecordLog {
    /** A record must fit in one frame of the node port, where a snapshot record travels too. */
    public static final int RECORD_BYTES_MAX = Frames.FRAME_BYTES_MAX;
    private final SegmentedWal wal;
    private GroupCommitWriter writer;

    private WalRecordLog(SegmentedWal wal) {
        this.wal = wal;
    }

    /**
     * Opens (or creates) the log in {@code dir}, cutting a torn tail.
     *
     * @throws IOException if the directory cannot be used, or a
     *         {@link io.basalt.storage.wal.WalCorruptionException} naming the damaged file and offset
     */
    public static WalRecordLog open(Path dir) throws IOException {
        return new WalRecordLog(SegmentedWal.open(dir, WalOptions.defaults().withRecordBytesMax(RECORD_BYTES_MAX)));
    }

    @Override
    public void replay(RecordVisitor visitor) throws IOException {
        wal.replay(visitor);
    }

    @Override
    public synchronized CompletableFuture<Long> append(List<byte[]> records) {
        if (writer == null) {
            // The writer starts on first use: replay must finish before anyone appends.
            writer = new GroupCommitWriter(wal);
        }
        return writer.submit(records);
    }

    @Override
    public synchronized LogStats stats() {
        return writer == null ? LogStats.NONE
            : new LogStats(writer.syncCount(), writer.syncNanos(), writer.recordCount(), writer.byteCount());
    }

    @Override
    public void releaseBefore(long sequence) throws IOException {
        wal.releaseBefore(sequence);
    }

    @Override
    public synchronized void close() throws IOException {
        if (writer != null) {
            writer.close();
        } else {
            wal.close();
        }
    }
}
