package io.basalt.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the on-disk format that other tools and older versions read: a change here breaks
 * every existing log, so it must be deliberate.
 */
class WalFormatTest {
    @TempDir
    Path dir;

    @Test
    void aSegmentIsAHeaderThenLengthCrcPayloadFrames() throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, WalOptions.defaults())) {
            wal.append("abc".getBytes(StandardCharsets.US_ASCII));
            wal.append(new byte[0]);
        }
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(WalFiles.segment(dir, 1)));

        assertThat(file.remaining()).isEqualTo(20 + 8 + 3 + 8);
        assertThat(file.getInt(0)).as("magic").isEqualTo(0x4257414C);
        assertThat(file.getInt(4)).as("format version").isEqualTo(1);
        assertThat(file.getLong(8)).as("first sequence").isEqualTo(1);
        assertThat(file.getInt(16)).as("header CRC32C").isEqualTo(crc32c(file.array(), 0, 16));

        assertThat(file.getInt(20)).as("length").isEqualTo(3);
        assertThat(file.getInt(24)).as("CRC32C of length and payload").isEqualTo(crc32c(file.array(), 20, 4, 28, 3));
        assertThat(new String(file.array(), 28, 3, StandardCharsets.US_ASCII)).isEqualTo("abc");

        assertThat(file.getInt(31)).as("empty payload length").isZero();
        assertThat(file.getInt(35)).as("an empty record's CRC still covers its length")
            .isEqualTo(crc32c(file.array(), 31, 4));
    }

    /** CRC32C over the given (offset, length) ranges, in order. */
    private static int crc32c(byte[] bytes, int... ranges) {
        CRC32C crc = new CRC32C();
        for (int i = 0; i < ranges.length; i += 2) {
            crc.update(bytes, ranges[i], ranges[i + 1]);
        }
        return (int) crc.getValue();
    }
}
