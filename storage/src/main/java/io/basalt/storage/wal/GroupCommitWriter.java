package io.basalt.storage.wal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread in front of a {@link SegmentedWal}: it takes every batch queued so far,
 * appends them all, fsyncs once, then completes their futures in submission order. Batches
 * that arrive while an fsync runs share the next one (group commit), so the fsync rate stays
 * bounded however many submitters there are.
 *
 * <p>Futures complete on the writer thread; callers that do real work on completion should
 * chain with the {@code ...Async} methods so the next fsync is not delayed.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final Batch STOP = new Batch(List.of(), new CompletableFuture<>());

    private final SegmentedWal wal;
    private final LinkedBlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final Object submitLock = new Object();
    private final Thread thread;
    private final AtomicLong syncCount = new AtomicLong();
    private final AtomicLong recordCount = new AtomicLong();
    private final AtomicLong batchCount = new AtomicLong();
    private final AtomicLong byteCount = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    /** Set once by the writer thread when something other than the log's I/O broke. */
    private volatile Throwable writerFailure;
    private boolean closed;

    /** Takes ownership of {@code wal}, which should already be replayed, and starts the thread. */
    public GroupCommitWriter(SegmentedWal wal) {
        this.wal = Objects.requireNonNull(wal, "wal");
        this.thread = Thread.ofPlatform()
            .name("wal-writer-" + wal.directory().getFileName())
            .unstarted(this::run);
        thread.start();
    }

    /**
     * Queues records to be appended in order and made durable. The arrays are written as
     * they are when the writer reaches them, so callers must not change them afterwards.
     *
     * @return completes with the sequence of the batch's last record once it is durable (for
     *     an empty batch: the last sequence when its fsync ran), or exceptionally with
     *     {@link WalFailedException} if the log cannot make it durable
     * @throws IllegalArgumentException if a record exceeds the log's recordBytesMax
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletableFuture<Long> submit(List<byte[]> records) {
        List<byte[]> batch = List.copyOf(records);
        batch.forEach(wal.options()::checkRecord);
        CompletableFuture<Long> future = new CompletableFuture<>();
        synchronized (submitLock) {
            if (closed) {
                throw new IllegalStateException("group commit writer for " + wal.directory() + " is closed");
            }
            queue.add(new Batch(batch, future));
        }
        return future;
    }

    /** fsyncs performed; fewer than {@link #batchCount()} when batches shared one. */
    public long syncCount() {
        return syncCount.get();
    }

    /** Records made durable. */
    public long recordCount() {
        return recordCount.get();
    }

    /** Batches made durable. */
    public long batchCount() {
        return batchCount.get();
    }

    /** Payload bytes made durable (frame headers not counted). */
    public long byteCount() {
        return byteCount.get();
    }

    /** Time spent in fsync, summed over every {@link #syncCount()}, in nanoseconds. */
    public long syncNanos() {
        return syncNanos.get();
    }

    /** Writes out every batch submitted before, stops the thread and closes the log. */
    @Override
    public void close() throws IOException {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        wal.close();
    }

    private void run() {
        List<Batch> group = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            group.clear();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                // Nobody else interrupts this thread; treat it like close rather than strand work.
                Thread.currentThread().interrupt();
                stopping = true;
            }
            queue.drainTo(group);
            stopping |= group.removeIf(batch -> batch == STOP);
            if (!group.isEmpty()) {
                writeGroup(group);
            }
        }
    }

    private void writeGroup(List<Batch> group) {
        Throwable broken = writerFailure;
        if (broken != null) {
            IOException failure = new WalFailedException("write-ahead log writer stopped", broken);
            group.forEach(batch -> batch.future().completeExceptionally(failure));
            return;
        }
        long[] lastSequences = new long[group.size()];
        long records = 0;
        long bytes = 0;
        long syncTook;
        try {
            for (int i = 0; i < group.size(); i++) {
                for (byte[] record : group.get(i).records()) {
                    wal.append(record);
                    bytes += record.length;
                }
                records += group.get(i).records().size();
                lastSequences[i] = wal.lastSequence();
            }
            long syncStart = System.nanoTime();
            wal.sync();
            syncTook = System.nanoTime() - syncStart;
        } catch (IOException failure) {
            // The log is now failed for good: nothing in this group is durable, nor ever will be.
            group.forEach(batch -> batch.future().completeExceptionally(failure));
            return;
        } catch (RuntimeException bug) {
            // A part of this group may be in the log; refusing everything after is the safe side.
            LOG.error("Write-ahead log writer for {} stopped on an unexpected error", wal.directory(), bug);
            writerFailure = bug;
            group.forEach(batch -> batch.future().completeExceptionally(bug));
            return;
        }
        syncNanos.addAndGet(syncTook);
        syncCount.incrementAndGet();
        batchCount.addAndGet(group.size());
        recordCount.addAndGet(records);
        byteCount.addAndGet(bytes);
        for (int i = 0; i < group.size(); i++) {
            group.get(i).future().complete(lastSequences[i]);
        }
    }

    private record Batch(List<byte[]> records, CompletableFuture<Long> future) {}
}
