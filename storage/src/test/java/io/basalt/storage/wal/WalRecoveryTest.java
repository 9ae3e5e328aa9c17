package io.basalt.storage.wal;

import static io.basalt.storage.wal.WalFiles.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.storage.wal.WalFiles.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What open does with a log a crash or a bad disk has damaged. */
class WalRecoveryTest {
    private static final WalOptions OPTIONS = WalOptions.defaults();
    private static final int RECORDS = 10;
    private static final int[] SIZES = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
    /** Frame 9, the last: it starts at 20 + 9 * 108 and ends at 1100. */
    private static final long LAST_FRAME = WalFiles.frameOffset(SIZES, 9);

    @TempDir
    Path dir;

    private Path writeTenRecords() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, OPTIONS)) {
            for (int i = 0; i < RECORDS; i++) {
                wal.append(payload(i, SIZES[i]));
            }
        }
        Path segment = WalFiles.segment(dir, 1);
        assertThat(Files.size(segment)).isEqualTo(LAST_FRAME + 108);
        return segment;
    }

    @ParameterizedTest(name = "file cut to {0} bytes")
    @ValueSource(longs = {993, 996, 1000, 1001, 1050, 1099})
    void aTornLastFrameIsCutAndTheLogGoesOn(long cutTo) throws IOException {
        Path segment = writeTenRecords();
        WalFiles.truncate(segment, cutTo);

        assertTailCutAndLogUsable(segment, cutTo - LAST_FRAME);
    }

    @ParameterizedTest(name = "byte {0} of the last frame flipped")
    @ValueSource(ints = {0, 3, 5, 8, 60, 107})
    void aCorruptLastFrameIsCutAndTheLogGoesOn(int byteInFrame) throws IOException {
        Path segment = writeTenRecords();
        WalFiles.flipByte(segment, LAST_FRAME + byteInFrame);

        assertTailCutAndLogUsable(segment, 108);
    }

    @Test
    void zerosAfterTheLastFrameAreCut() throws IOException {
        Path segment = writeTenRecords();
        WalFiles.appendZeros(segment, 4096);

        try (LogCapture log = new LogCapture(WalRecovery.class);
             SegmentedWal wal = SegmentedWal.open(dir, OPTIONS)) {
            assertThat(wal.lastSequence()).isEqualTo(10);
            assertThat(log.warnings()).singleElement().asString().contains("4096 bytes cut");
        }
        assertThat(Files.size(segment)).isEqualTo(LAST_FRAME + 108);
    }

    private void assertTailCutAndLogUsable(Path segment, long bytesCut) throws IOException {
        try (LogCapture log = new LogCapture(WalRecovery.class);
             SegmentedWal wal = SegmentedWal.open(dir, OPTIONS)) {
            assertThat(Files.size(segment)).isEqualTo(LAST_FRAME);
            assertThat(log.warnings()).singleElement().asString()
                .contains(segment.toString(), "byte offset " + LAST_FRAME, bytesCut + " bytes cut");
            List<Record> survivors = WalFiles.replayAll(wal);
            assertThat(survivors).extracting(Record::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(survivors.getLast().payload()).isEqualTo(payload(8, 100));

            assertThat(wal.append(payload(99, 7))).isEqualTo(10);
        }
        List<Record> afterReopen = WalFiles.replayAll(dir, OPTIONS);
        assertThat(afterReopen).hasSize(10);
        assertThat(afterReopen.getLast().payload()).isEqualTo(payload(99, 7));
    }

    @ParameterizedTest(name = "byte {0} of frame 3 flipped")
    @ValueSource(ints = {1, 6, 50})
    void damageBeforeTheTailStopsTheOpenAtTheFrame(int byteInFrame) throws IOException {
        Path segment = writeTenRecords();
        long frame3 = WalFiles.frameOffset(SIZES, 3);
        WalFiles.flipByte(segment, frame3 + byteInFrame);

        assertThatThrownBy(() -> SegmentedWal.open(dir, OPTIONS))
            .isInstanceOfSatisfying(WalCorruptionException.class, e -> {
                assertThat(e.offset()).isEqualTo(frame3);
                assertThat(e.file()).isEqualTo(segment);
            })
            .hasMessageContaining(segment.toString())
            .hasMessageContaining("byte offset " + frame3 + ":");
        assertThat(Files.size(segment)).as("nothing cut").isEqualTo(LAST_FRAME + 108);
    }

    @Test
    void damageInASegmentThatIsNotTheLastStopsTheOpen() throws IOException {
        WalOptions small = OPTIONS.withSegmentBytesMax(1024);
        try (SegmentedWal wal = SegmentedWal.open(dir, small)) {
            for (int i = 0; i < 30; i++) {
                wal.append(payload(i, SIZES[0]));
            }
        }
        // The first segment holds records 1-9; damage its last frame, the one a torn write would hit.
        Path first = WalFiles.segment(dir, 1);
        long lastFrameOfFirst = WalFiles.frameOffset(SIZES, 8);
        WalFiles.flipByte(first, lastFrameOfFirst + 20);

        assertThatThrownBy(() -> SegmentedWal.open(dir, small))
            .isInstanceOf(WalCorruptionException.class)
            .hasMessageContaining(first.toString())
            .hasMessageContaining("byte offset " + lastFrameOfFirst + ":")
            .hasMessageContaining("not the last");
    }

    @Test
    void aMissingMiddleSegmentIsAGap() throws IOException {
        WalOptions small = OPTIONS.withSegmentBytesMax(1024);
        try (SegmentedWal wal = SegmentedWal.open(dir, small)) {
            for (int i = 0; i < 30; i++) {
                wal.append(payload(i, SIZES[0]));
            }
        }
        Files.delete(WalFiles.segment(dir, 10));

        assertThatThrownBy(() -> SegmentedWal.open(dir, small))
            .isInstanceOf(WalCorruptionException.class)
            .hasMessageContaining(WalFiles.segment(dir, 19) + " at byte offset 0:")
            .hasMessageContaining("gap in sequence numbers")
            .hasMessageContaining(WalFiles.segment(dir, 1).toString());
    }

    @Test
    void aGarbledSegmentHeaderStopsTheOpen() throws IOException {
        Path segment = writeTenRecords();
        WalFiles.flipByte(segment, 1);

        assertThatThrownBy(() -> SegmentedWal.open(dir, OPTIONS))
            .isInstanceOf(WalCorruptionException.class)
            .hasMessageContaining(segment + " at byte offset 0:")
            .hasMessageContaining("magic");
    }

    @Test
    void aSegmentRenamedToAnotherSequenceStopsTheOpen() throws IOException {
        Path segment = writeTenRecords();
        Files.move(segment, WalFiles.segment(dir, 5));

        assertThatThrownBy(() -> SegmentedWal.open(dir, OPTIONS))
            .isInstanceOf(WalCorruptionException.class)
            .hasMessageContaining("at byte offset 8:")
            .hasMessageContaining("header says first sequence 1 but the file name says 5");
    }

    @Test
    void aSegmentShorterThanItsHeaderStopsTheOpen() throws IOException {
        Path segment = writeTenRecords();
        WalFiles.truncate(segment, 11);

        assertThatThrownBy(() -> SegmentedWal.open(dir, OPTIONS))
            .isInstanceOf(WalCorruptionException.class)
            .hasMessageContaining(segment + " at byte offset 0:")
            .hasMessageContaining("header incomplete: 11 of 20 bytes");
    }

    @Test
    void anUnfinishedSegmentCreationIsDiscarded() throws IOException {
        writeTenRecords();
        Path leftover = dir.resolve(WalFiles.segment(dir, 11).getFileName() + ".tmp");
        Files.write(leftover, new byte[7]);

        try (SegmentedWal wal = SegmentedWal.open(dir, OPTIONS)) {
            assertThat(wal.lastSequence()).isEqualTo(10);
        }
        assertThat(leftover).doesNotExist();
    }
}
