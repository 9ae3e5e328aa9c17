package io.basalt.server.replica;

import io.basalt.storage.wal.RecordVisitor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A record log whose appends become durable (or fail) only when the test says so. */
final class ScriptedLog implements RecordLog {
    final List<CompletableFuture<Long>> appends = new CopyOnWriteArrayList<>();
    final List<List<byte[]>> batches = new CopyOnWriteArrayList<>();

    @Override
    public void replay(RecordVisitor visitor) {}

    @Override
    public CompletableFuture<Long> append(List<byte[]> records) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        batches.add(List.copyOf(records));
        appends.add(f);
        return f;
    }

    void complete(int append, long lastSequence) {
        appends.get(append).complete(lastSequence);
    }

    void fail(int append, Throwable error) {
        appends.get(append).completeExceptionally(error);
    }

    @Override
    public void releaseBefore(long sequence) {}

    @Override
    public void close() {}
}
