package io.basalt.server;

import io.basalt.server.replica.RecordLog;
import io.basalt.storage.wal.RecordVisitor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A record log that fails every append once told to, as a disk whose fsync failed would (or,
 * with {@link #error} changed, a full disk).
 */
final class FailingLog implements RecordLog {
    private final RecordLog inner;
    final AtomicBoolean failing = new AtomicBoolean();
    volatile String error = "injected fsync failure (EIO)";

    FailingLog(RecordLog inner) {
        this.inner = inner;
    }

    @Override
    public void replay(RecordVisitor visitor) throws IOException {
        inner.replay(visitor);
    }

    @Override
    public CompletableFuture<Long> append(List<byte[]> records) {
        if (failing.get()) {
            return CompletableFuture.failedFuture(new IOException(error));
        }
        return inner.append(records);
    }

    @Override
    public io.basalt.server.replica.LogStats stats() {
        return inner.stats();
    }

    @Override
    public void releaseBefore(long sequence) throws IOException {
        inner.releaseBefore(sequence);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
