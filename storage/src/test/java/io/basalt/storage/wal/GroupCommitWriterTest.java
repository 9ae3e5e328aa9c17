package io.basalt.storage.wal;

import static io.basalt.storage.wal.WalFiles.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.storage.wal.WalFiles.Record;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {
    private static final long TIMEOUT_SECONDS = 60;
    private static final int SUBMITTERS = 8;
    private static final int SUBMITS_EACH = 200;

    @TempDir
    Path dir;

    @Test
    void batchesThatArriveDuringAnFsyncShareTheNextOne() throws Exception {
        FaultPlan faults = new FaultPlan();
        SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults(), faults.channels());
        try (GroupCommitWriter writer = new GroupCommitWriter(wal)) {
            faults.stallNextForce.set(true);
            CompletableFuture<Long> first = writer.submit(List.of(payload(1, 10)));
            assertThat(faults.forceEntered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Long> second = writer.submit(List.of(payload(2, 10), payload(3, 10)));
            CompletableFuture<Long> third = writer.submit(List.of());
            CompletableFuture<Long> fourth = writer.submit(List.of(payload(4, 10)));
            assertThat(second).as("not durable while the fsync before it runs").isNotDone();
            faults.forceRelease.countDown();

            assertThat(first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(second.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(third.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(fourth.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(writer.syncCount()).isEqualTo(2);
            assertThat(writer.batchCount()).isEqualTo(4);
            assertThat(writer.recordCount()).isEqualTo(4);
        }
    }

    @Test
    void concurrentSubmittersAllGetDurableOrderedSequences() throws Exception {
        List<List<CompletableFuture<Long>>> futures = new ArrayList<>();
        List<List<List<byte[]>>> batches = new ArrayList<>();
        long syncs;
        long batchesWritten;
        try (GroupCommitWriter writer = new GroupCommitWriter(SegmentedWal.open(dir, WalOptions.defaults()));
             ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> submitters = new ArrayList<>();
            for (int t = 0; t < SUBMITTERS; t++) {
                List<CompletableFuture<Long>> mine = new ArrayList<>();
                List<List<byte[]>> myBatches = new ArrayList<>();
                futures.add(mine);
                batches.add(myBatches);
                int submitter = t;
                submitters.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < SUBMITS_EACH; i++) {
                        List<byte[]> batch = batch(submitter, i);
                        myBatches.add(batch);
                        mine.add(writer.submit(batch));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> submitter : submitters) {
                submitter.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            for (List<CompletableFuture<Long>> mine : futures) {
                CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            syncs = writer.syncCount();
            batchesWritten = writer.batchCount();
        }

        assertThat(batchesWritten).isEqualTo(SUBMITTERS * SUBMITS_EACH);
        assertThat(syncs).as("group commit shared fsyncs").isLessThan(batchesWritten);
        List<Record> replayed = WalFiles.replayAll(dir, WalOptions.defaults());
        assertThat(replayed).hasSize(batches.stream().flatMap(List::stream).mapToInt(List::size).sum());
        for (int t = 0; t < SUBMITTERS; t++) {
            long previous = 0;
            for (int i = 0; i < SUBMITS_EACH; i++) {
                long last = futures.get(t).get(i).join();
                assertThat(last).as("submitter %d, submit %d after %d", t, i, previous).isGreaterThan(previous);
                assertBatchAt(replayed, batches.get(t).get(i), last);
                previous = last;
            }
        }
    }

    /** The batch's records sit, in order, at the sequences that end at {@code last}. */
    private static void assertBatchAt(List<Record> replayed, List<byte[]> batch, long last) {
        for (int r = 0; r < batch.size(); r++) {
            Record record = replayed.get((int) (last - batch.size() + r) /* sequence - 1 */);
            assertThat(record.sequence()).isEqualTo(last - batch.size() + r + 1);
            assertThat(record.payload()).isEqualTo(batch.get(r));
        }
    }

    /** One to three records that name their submitter, submit and position. */
    private static List<byte[]> batch(int submitter, int submit) {
        List<byte[]> records = new ArrayList<>();
        for (int r = 0; r <= submit % 3; r++) {
            records.add(ByteBuffer.allocate(12).putInt(submitter).putInt(submit).putInt(r).array());
        }
        return records;
    }

    @Test
    void closeWritesOutEverythingSubmittedBefore() throws Exception {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        GroupCommitWriter writer = new GroupCommitWriter(SegmentedWal.open(dir, WalOptions.defaults()));
        for (int i = 0; i < 500; i++) {
            futures.add(writer.submit(List.of(payload(i, 20))));
        }
        writer.close();

        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(futures.getLast().join()).isEqualTo(500);
        assertThat(WalFiles.replayAll(dir, WalOptions.defaults())).hasSize(500);
        assertThatThrownBy(() -> writer.submit(List.of(new byte[1]))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOversizedRecordIsRejectedAtSubmitAndTheWriterGoesOn() throws Exception {
        WalOptions options = WalOptions.defaults().withRecordBytesMax(100);
        try (GroupCommitWriter writer = new GroupCommitWriter(SegmentedWal.open(dir, options))) {
            assertThatThrownBy(() -> writer.submit(List.of(new byte[10], new byte[101])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101 bytes exceeds recordBytesMax 100");

            assertThat(writer.submit(List.of(new byte[100])).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(WalFiles.replayAll(dir, options)).hasSize(1);
    }

    @Test
    void theWriterRunsOnANamedPlatformThread() throws Exception {
        try (GroupCommitWriter writer = new GroupCommitWriter(SegmentedWal.open(dir.resolve("g7"), WalOptions.defaults()))) {
            writer.submit(List.of(new byte[1])).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(Thread.getAllStackTraces().keySet())
                .anySatisfy(thread -> {
                    assertThat(thread.getName()).isEqualTo("wal-writer-g7");
                    assertThat(thread.isVirtual()).isFalse();
                });
        }
    }
}
