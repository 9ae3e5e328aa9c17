package io.basalt.storage.wal;

import static io.basalt.storage.wal.WalFiles.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.storage.wal.WalFiles.Record;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write or fsync is final: nothing after it is accepted or reported durable. */
class WalFailureTest {
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;

    private final FaultPlan faults = new FaultPlan();

    @Test
    void afterAFailedFsyncTheLogRefusesEverythingAndNeverRetries() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults(), faults.channels())) {
            wal.append(payload(1, 10));
            wal.sync();
            wal.append(payload(2, 10));
            faults.failForce.set(true);

            assertThatThrownBy(wal::sync)
                .isInstanceOf(WalFailedException.class)
                .hasMessageContaining("injected fsync failure")
                .hasRootCauseMessage("injected fsync failure (EIO)");

            // The disk "recovers", but a later fsync proves nothing about the lost pages.
            faults.failForce.set(false);
            int forcesAtFailure = faults.forceCalls.get();
            assertThatThrownBy(wal::sync).isInstanceOf(WalFailedException.class)
                .hasMessageContaining("injected fsync failure");
            assertThatThrownBy(() -> wal.append(payload(3, 10))).isInstanceOf(WalFailedException.class);
            assertThatThrownBy(() -> wal.releaseBefore(2)).isInstanceOf(WalFailedException.class);
            assertThat(faults.forceCalls.get()).as("no fsync retried").isEqualTo(forcesAtFailure);
        }

        // Recovery reads what is really on disk; the record synced before the failure is there.
        List<Record> records = WalFiles.replayAll(dir, WalOptions.defaults());
        assertThat(records.getFirst().payload()).isEqualTo(payload(1, 10));
        assertThat(records).extracting(Record::sequence).doesNotContain(3L);
    }

    @Test
    void aFullDiskIsReportedAsSuchNamingTheSegmentOnceInTheLog() throws IOException {
        try (LogCapture log = new LogCapture(SegmentedWal.class);
             SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults(), faults.channels())) {
            Path segment = dir.resolve(WalFormat.segmentName(1));
            wal.append(payload(1, 10));
            faults.failWrite.set(true);

            assertThatThrownBy(wal::sync).isInstanceOfSatisfying(WalFailedException.class, e -> {
                assertThat(e.diskFull()).isTrue();
                assertThat(e.file()).isEqualTo(segment);
                assertThat(e.reason()).isEqualTo("injected write failure: No space left on device");
                assertThat(e).hasMessageContaining(segment.toString()).hasMessageContaining("No space left on device");
            });
            faults.failWrite.set(false);
            assertThatThrownBy(() -> wal.append(payload(2, 10))).isInstanceOfSatisfying(WalFailedException.class, e -> {
                assertThat(e.diskFull()).as("a later refusal still says why").isTrue();
                assertThat(e.file()).isEqualTo(segment);
            });

            assertThat(log.errors()).as("one error line, naming the file and the error").singleElement()
                .asString().contains(segment.toString(), "No space left on device", "The disk is full");
        }
    }

    @Test
    void aFailedFsyncIsAnIoErrorNotAFullDisk() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults(), faults.channels())) {
            wal.append(payload(1, 10));
            faults.failForce.set(true);

            assertThatThrownBy(wal::sync).isInstanceOfSatisfying(WalFailedException.class, e -> {
                assertThat(e.diskFull()).isFalse();
                assertThat(e.file()).isEqualTo(dir.resolve(WalFormat.segmentName(1)));
                assertThat(e.reason()).isEqualTo("injected fsync failure (EIO)");
            });
        }
    }

    @Test
    void afterAFailedWriteTheLogRefusesEverything() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults(), faults.channels())) {
            wal.append(payload(1, 10));
            faults.failWrite.set(true);

            assertThatThrownBy(wal::sync).isInstanceOf(WalFailedException.class)
                .hasMessageContaining("injected write failure");
            faults.failWrite.set(false);
            assertThatThrownBy(() -> wal.append(payload(2, 10))).isInstanceOf(WalFailedException.class);
            assertThatThrownBy(wal::sync).isInstanceOf(WalFailedException.class);
        }
    }

    @Test
    void aFailedFsyncDuringRolloverIsFinal() throws IOException {
        WalOptions small = WalOptions.defaults().withSegmentBytesMax(1024);
        try (SegmentedWal wal = SegmentedWal.open(dir, small, faults.channels())) {
            for (int i = 0; i < 9; i++) {
                wal.append(payload(i, 100));
            }
            faults.failForce.set(true);

            assertThatThrownBy(() -> wal.append(payload(9, 100)))
                .as("the tenth record needs a new segment, which needs the old one durable")
                .isInstanceOf(WalFailedException.class);
            faults.failForce.set(false);
            assertThatThrownBy(() -> wal.append(payload(9, 100))).isInstanceOf(WalFailedException.class);
            assertThat(wal.segmentCount()).isEqualTo(1);
        }
    }

    @Test
    void groupCommitFailsEveryPendingAndLaterFuture() throws Exception {
        SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults(), faults.channels());
        try (GroupCommitWriter writer = new GroupCommitWriter(wal)) {
            assertThat(writer.submit(List.of(payload(1, 10))).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
            faults.failForce.set(true);

            CompletableFuture<Long> failed = writer.submit(List.of(payload(2, 10), payload(3, 10)));
            assertFailsWithWalFailed(failed);
            faults.failForce.set(false);
            assertFailsWithWalFailed(writer.submit(List.of(payload(4, 10))));
            assertFailsWithWalFailed(writer.submit(List.of()));

            assertThat(writer.syncCount()).as("only the first batch was made durable").isEqualTo(1);
            assertThat(writer.batchCount()).isEqualTo(1);
            assertThat(writer.recordCount()).isEqualTo(1);
        }
    }

    @Test
    void batchesQueuedBehindAFailingFsyncAreNeverReportedDurableNorFsyncedAgain() throws Exception {
        SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults(), faults.channels());
        try (GroupCommitWriter writer = new GroupCommitWriter(wal)) {
            faults.stallNextForce.set(true);
            CompletableFuture<Long> first = writer.submit(List.of(payload(1, 10)));
            assertThat(faults.forceEntered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Long> queued = writer.submit(List.of(payload(2, 10)));
            faults.failForce.set(true);
            int forcesAtFailure = faults.forceCalls.get();
            faults.forceRelease.countDown();

            assertFailsWithWalFailed(first);
            assertFailsWithWalFailed(queued);
            faults.failForce.set(false);
            assertFailsWithWalFailed(writer.submit(List.of(payload(3, 10))));
            assertThat(faults.forceCalls.get()).as("the failed fsync was not tried again").isEqualTo(forcesAtFailure);
            assertThat(writer.syncCount()).isZero();
        }
        assertThat(WalFiles.replayAll(dir, WalOptions.defaults())).extracting(Record::sequence)
            .as("what the failed fsync may have kept is for recovery to find, never a later record")
            .doesNotContain(3L);
    }

    private static void assertFailsWithWalFailed(CompletableFuture<Long> future) {
        assertThatThrownBy(() -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(WalFailedException.class)
            .hasMessageContaining("injected fsync failure");
    }
}
