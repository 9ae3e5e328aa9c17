package io.basalt.storage.memory;

import static io.basalt.storage.api.Views.b;
import static io.basalt.storage.api.Views.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.storage.api.StorageCorruptionException;
import io.basalt.storage.api.Views;
import io.basalt.storage.api.WriteBatch;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What only the memory engine has: the engine without a directory, and its image file. */
class MemoryEngineTest {
    @TempDir
    Path tmp;

    @Test
    void anEngineWithoutADirectoryStillCheckpoints() {
        try (MemoryEngine engine = MemoryEngine.create()) {
            engine.apply(new WriteBatch().put(b("a"), b("1")), 3);
            engine.flush();  // nothing to write to
            engine.checkpoint(tmp.resolve("cp"));
        }
        try (MemoryEngine copy = MemoryEngine.open(tmp.resolve("cp"))) {
            assertThat(copy.appliedIndex()).isEqualTo(3);
            assertThat(s(copy.get(b("a")))).isEqualTo("1");
        }
    }

    @Test
    void aCrashLosesWhatWasAppliedAfterTheLastFlushAsAWhole() {
        Path dir = tmp.resolve("engine");
        MemoryEngine crashed = MemoryEngine.open(dir);
        crashed.apply(new WriteBatch().put(b("a"), b("1")), 5);
        crashed.flush();
        crashed.apply(new WriteBatch().put(b("a"), b("2")).put(b("b"), b("2")), 8);
        // Never closed: a second open reads only what the first flushed, as after kill -9.
        try (MemoryEngine reopened = MemoryEngine.open(dir)) {
            assertThat(reopened.appliedIndex()).isEqualTo(5);
            assertThat(Views.scan(reopened, null, null)).containsExactly(Views.entry(b("a"), b("1")));
        }
    }

    @Test
    void aTemporaryImageLeftByACrashIsIgnored() throws IOException {
        Path dir = tmp.resolve("engine");
        try (MemoryEngine engine = MemoryEngine.open(dir)) {
            engine.apply(new WriteBatch().put(b("a"), b("1")), 2);
        }
        Files.write(dir.resolve(MemoryImage.FILE_NAME + ".tmp"), new byte[] {1, 2, 3});
        try (MemoryEngine engine = MemoryEngine.open(dir)) {
            assertThat(engine.appliedIndex()).isEqualTo(2);
        }
        assertThat(dir.resolve(MemoryImage.FILE_NAME + ".tmp")).doesNotExist();
    }

    @ParameterizedTest(name = "byte {0} flipped")
    @ValueSource(ints = {0, 5, 9, 20, 30, 40, -1})
    void aDamagedImageIsRefusedNamingTheFile(int offset) throws IOException {
        Path image = writeImage();
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            long at = offset < 0 ? file.length() + offset : offset;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x10);
        }
        assertThatThrownBy(() -> MemoryEngine.open(image.getParent()))
            .isInstanceOf(StorageCorruptionException.class).hasMessageContaining(image.toString());
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {0, 3, 20, 27, 40})
    void aTruncatedImageIsRefused(int length) throws IOException {
        Path image = writeImage();
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(length);
        }
        assertThatThrownBy(() -> MemoryEngine.open(image.getParent()))
            .isInstanceOf(StorageCorruptionException.class).hasMessageContaining(image.toString());
    }

    @Test
    void bytesAfterTheChecksumAreRefused() throws IOException {
        Path image = writeImage();
        Files.write(image, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> MemoryEngine.open(image.getParent()))
            .isInstanceOf(StorageCorruptionException.class).hasMessageContaining("after its checksum");
    }

    /** An image of two entries: 24 header bytes, entries of 4+2+4+3 bytes each, 4 checksum bytes (54 in all). */
    private Path writeImage() throws IOException {
        Path dir = tmp.resolve("engine");
        try (MemoryEngine engine = MemoryEngine.open(dir)) {
            engine.apply(new WriteBatch().put(b("k1"), b("one")).put(b("k2"), b("two")), 4);
        }
        Path image = dir.resolve(MemoryImage.FILE_NAME);
        assertThat(Files.size(image)).isEqualTo(54);
        return image;
    }
}
