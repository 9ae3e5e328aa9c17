package io.basalt.storage.wal;

import static io.basalt.storage.wal.WalFiles.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.storage.wal.WalFiles.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedWalTest {
    private static final WalOptions SMALL_SEGMENTS = WalOptions.defaults().withSegmentBytesMax(1024);

    @TempDir
    Path dir;

    @Test
    void recordsSurviveCloseAndReopenInOrderWithTheirSequences() throws IOException {
        List<byte[]> written = new ArrayList<>();
        try (SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults())) {
            for (int i = 0; i < 1000; i++) {
                byte[] record = payload(i, i % 97);
                written.add(record);
                assertThat(wal.append(record)).isEqualTo(i + 1);
            }
            wal.sync();
        }

        List<Record> replayed = WalFiles.replayAll(dir, WalOptions.defaults());

        assertThat(replayed).extracting(Record::sequence).containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, 1000).boxed().toList());
        assertThat(replayed).extracting(Record::payload).containsExactlyElementsOf(written);
    }

    @Test
    void emptyAndLargePayloadsRoundTrip() throws IOException {
        byte[] large = payload(7, 3 * 1024 * 1024 + 5);
        try (SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults())) {
            wal.append(new byte[0]);
            wal.append(large);
            wal.append(new byte[0]);
            wal.append(payload(8, 10));
            wal.sync();
        }

        List<Record> replayed = WalFiles.replayAll(dir, WalOptions.defaults());

        assertThat(replayed).extracting(Record::payload)
            .containsExactly(new byte[0], large, new byte[0], payload(8, 10));
    }

    @Test
    void sequencesContinueAfterReopen() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults())) {
            wal.append(payload(1, 5));
            wal.append(payload(2, 5));
        }
        try (SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults())) {
            assertThat(wal.firstSequence()).isEqualTo(1);
            assertThat(wal.lastSequence()).isEqualTo(2);
            assertThat(wal.append(payload(3, 5))).isEqualTo(3);
            wal.sync();
        }

        assertThat(WalFiles.replayAll(dir, WalOptions.defaults()))
            .extracting(Record::sequence).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anEmptyLogStartsAtSequenceOne() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir.resolve("new"), WalOptions.defaults())) {
            assertThat(wal.firstSequence()).isEqualTo(1);
            assertThat(wal.lastSequence()).isZero();
            assertThat(wal.segmentCount()).isEqualTo(1);
            assertThat(WalFiles.replayAll(wal)).isEmpty();
        }
        assertThat(WalFiles.segments(dir.resolve("new"))).containsExactly(WalFiles.segment(dir.resolve("new"), 1));
    }

    @Test
    void rolloverSplitsTheLogIntoSegmentsNamedByTheirFirstSequence() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 100; i++) {
                wal.append(payload(i, 100));
            }
            wal.sync();
            // 108-byte frames after a 20-byte header: 9 frames fit in 1024 bytes.
            assertThat(wal.segmentCount()).isEqualTo(12);
            assertThat(wal.sizeBytes()).isEqualTo(12 * 20 + 100 * 108);
        }

        List<Path> segments = WalFiles.segments(dir);
        assertThat(segments).hasSize(12);
        for (int s = 0; s < segments.size(); s++) {
            assertThat(segments.get(s)).isEqualTo(WalFiles.segment(dir, 1 + 9L * s));
            assertThat(Files.size(segments.get(s))).isLessThanOrEqualTo(1024);
        }
        assertThat(WalFiles.replayAll(dir, SMALL_SEGMENTS)).extracting(Record::sequence)
            .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, SMALL_SEGMENTS)) {
            wal.append(payload(1, 10));
            wal.append(payload(2, 5000));
            wal.append(payload(3, 10));
            wal.sync();
            assertThat(wal.segmentCount()).isEqualTo(3);
        }
        assertThat(WalFiles.replayAll(dir, SMALL_SEGMENTS)).extracting(Record::payload)
            .containsExactly(payload(1, 10), payload(2, 5000), payload(3, 10));
    }

    @Test
    void releaseBeforeDeletesOnlySegmentsWhoseRecordsAreAllOlder() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 100; i++) {
                wal.append(payload(i, 100));
            }
            wal.sync();
            // Segments start at 1, 10, 19, 28, ...: record 28 opens the fourth segment, so
            // releasing before 30 may delete the first three and must keep the fourth.
            wal.releaseBefore(30);

            assertThat(wal.firstSequence()).isEqualTo(28);
            assertThat(wal.segmentCount()).isEqualTo(9);
            assertThat(WalFiles.segments(dir).getFirst()).isEqualTo(WalFiles.segment(dir, 28));

            wal.releaseBefore(28);
            assertThat(wal.firstSequence()).as("a release that frees no whole segment").isEqualTo(28);
        }
        try (SegmentedWal wal = SegmentedWal.open(dir, SMALL_SEGMENTS)) {
            assertThat(wal.firstSequence()).isEqualTo(28);
            assertThat(wal.lastSequence()).isEqualTo(100);
            assertThat(wal.append(payload(100, 100))).isEqualTo(101);
            List<Record> replayed = WalFiles.replayAll(wal);
            assertThat(replayed.getFirst().sequence()).isEqualTo(28);
            assertThat(replayed.getFirst().payload()).isEqualTo(payload(27, 100));
            assertThat(replayed.getLast().sequence()).isEqualTo(101);
        }
    }

    @Test
    void releaseNeverDeletesTheActiveSegment() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, SMALL_SEGMENTS)) {
            for (int i = 0; i < 20; i++) {
                wal.append(payload(i, 100));
            }
            wal.releaseBefore(Long.MAX_VALUE);

            assertThat(wal.segmentCount()).isEqualTo(1);
            assertThat(wal.firstSequence()).isEqualTo(19);
            assertThat(wal.append(payload(20, 100))).isEqualTo(21);
        }
        assertThat(WalFiles.replayAll(dir, SMALL_SEGMENTS)).extracting(Record::sequence)
            .containsExactly(19L, 20L, 21L);
    }

    @Test
    void aRecordOverTheLimitIsRejectedAndTheLogStaysUsable() throws IOException {
        WalOptions options = WalOptions.defaults().withRecordBytesMax(1000);
        try (SegmentedWal wal = SegmentedWal.open(dir, options)) {
            wal.append(payload(1, 1000));

            assertThatThrownBy(() -> wal.append(new byte[1001]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1001 bytes exceeds recordBytesMax 1000");
            assertThatThrownBy(() -> wal.append(null)).isInstanceOf(IllegalArgumentException.class);

            assertThat(wal.append(payload(2, 10))).isEqualTo(2);
            wal.sync();
        }
        assertThat(WalFiles.replayAll(dir, options)).extracting(Record::payload)
            .containsExactly(payload(1, 1000), payload(2, 10));
    }

    @Test
    void aDirectoryCanBeOpenOnlyOnceAtATime() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults())) {
            assertThatThrownBy(() -> SegmentedWal.open(dir, WalOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("already open");
        }
        SegmentedWal.open(dir, WalOptions.defaults()).close();
    }

    @Test
    void aClosedLogRefusesAppends() throws IOException {
        SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults());
        wal.close();
        assertThatThrownBy(() -> wal.append(new byte[1])).isInstanceOf(IllegalStateException.class);
    }
}
