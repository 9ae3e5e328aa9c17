package io.basalt.storage.rocksdb;

import static io.basalt.storage.api.Views.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.storage.api.EngineStats;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.StorageException;
import io.basalt.storage.api.Views;
import io.basalt.storage.api.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the RocksDB engine has: no write-ahead log, crash recovery to the applied index, the block cache. */
class RocksEngineTest {
    /** RocksDB's smallest memtable, so a few hundred kilobytes of batches flush several times on their own. */
    private static final RocksEngineOptions SMALL_MEMTABLE = RocksEngineContractTest.OPTIONS
        .withWriteBufferBytes(RocksEngineOptions.WRITE_BUFFER_BYTES_MIN);
    private static final int KEYS = 300;
    private static final int VALUE_BYTES = 120;

    @TempDir
    Path tmp;

    /** Batch {@code i} of a fixed history: the same for the engine and the model. */
    private static WriteBatch batch(long i) {
        WriteBatch batch = new WriteBatch();
        byte[] value = new byte[VALUE_BYTES];
        java.util.Arrays.fill(value, (byte) i);
        batch.put(key(i * 7 % KEYS), value).put(key(i * 13 % KEYS), value).delete(key(i * 11 % KEYS));
        if (i % 97 == 0) {
            batch.deleteRange(key(i % KEYS), key(i % KEYS + 20));
        }
        return batch;
    }

    private static byte[] key(long k) {
        return b(String.format("key%05d", k));
    }

    /** The state after batches 1..index of {@link #batch}, built by a sorted map. */
    private static List<String> modelAt(long index) {
        NavigableMap<byte[], byte[]> model = new TreeMap<>(KeyOrder.ORDER);
        for (long i = 1; i <= index; i++) {
            batch(i).forEach(new WriteBatch.Visitor() {
                @Override
                public void put(byte[] key, byte[] value) {
                    model.put(key, value);
                }

                @Override
                public void delete(byte[] key) {
                    model.remove(key);
                }

                @Override
                public void deleteRange(byte[] start, byte[] end) {
                    model.subMap(start, true, end, false).clear();
                }
            });
        }
        return model.entrySet().stream().map(e -> Views.entry(e.getKey(), e.getValue())).toList();
    }

    @Test
    void afterACrashTheAppliedIndexMatchesTheDataExactly() {
        Path dir = tmp.resolve("engine");
        long applied = 0;
        long flushedAtLeast = 0;
        for (int crash = 1; crash <= 3; crash++) {
            RocksEngine engine = RocksEngine.open(dir, SMALL_MEMTABLE);
            assertThat(engine.appliedIndex()).isEqualTo(applied);
            // Like a node after a restart: replay the log from the entry after the applied index.
            long last = applied + 2000;
            for (long i = applied + 1; i <= last; i++) {
                engine.apply(batch(i), i);
                if (i == applied + 1000) {
                    engine.flush();
                    flushedAtLeast = i;
                }
            }
            engine.closeWithoutFlush();

            RocksEngine reopened = RocksEngine.open(dir, SMALL_MEMTABLE);
            applied = reopened.appliedIndex();
            assertThat(Views.scan(reopened, null, null)).as("data at applied index %d after crash %d", applied, crash)
                .containsExactlyElementsOf(modelAt(applied));
            // Memtables filled and flushed on their own, so more than the explicit flush survived,
            // but not the last memtable: the write-ahead log is really off.
            assertThat(applied).as("crash %d", crash).isGreaterThan(flushedAtLeast).isLessThan(last);
            reopened.closeWithoutFlush();
        }
    }

    @Test
    void closeFlushesEverythingApplied() {
        Path dir = tmp.resolve("engine");
        try (RocksEngine engine = RocksEngine.open(dir, SMALL_MEMTABLE)) {
            for (long i = 1; i <= 500; i++) {
                engine.apply(batch(i), i);
            }
        }
        try (RocksEngine engine = RocksEngine.open(dir, SMALL_MEMTABLE)) {
            assertThat(engine.appliedIndex()).isEqualTo(500);
            assertThat(Views.scan(engine, null, null)).containsExactlyElementsOf(modelAt(500));
        }
    }

    @Test
    void nothingIsWrittenToRocksDbsOwnWriteAheadLog() throws IOException {
        Path dir = tmp.resolve("engine");
        try (RocksEngine engine = RocksEngine.open(dir, RocksEngineContractTest.OPTIONS)) {
            for (long i = 1; i <= 500; i++) {
                engine.apply(batch(i), i);
            }
            assertThat(walBytes(dir)).isZero();
        }
    }

    private static long walBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d+\\.log")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
    }

    @Test
    void theBlockCacheCountsHitsAndMisses() {
        try (RocksEngine engine = RocksEngine.open(tmp.resolve("engine"), RocksEngineContractTest.OPTIONS)) {
            for (long i = 1; i <= 500; i++) {
                engine.apply(batch(i), i);
            }
            engine.flush();  // reads now go to SST blocks, through the cache
            EngineStats before = engine.stats();
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < KEYS; k++) {
                    engine.get(key(k));
                }
            }
            EngineStats after = engine.stats();
            assertThat(after.blockCacheMisses()).isGreaterThan(before.blockCacheMisses());
            assertThat(after.blockCacheHits()).isGreaterThan(before.blockCacheHits() + KEYS);
            assertThat(after.blockCacheHitRatio()).isBetween(0.5, 1.0);
            assertThat(after.blockCacheUsageBytes()).isPositive();
            assertThat(after.blockCacheCapacityBytes()).isEqualTo(RocksEngineContractTest.OPTIONS.blockCacheBytes());
        }
    }

    /**
     * An unbounded iterator made only to be seeked (the version store makes one per applied
     * entry) must not first walk the deleted entries at the front of the key space: with 20,000
     * of them there, each such iterator cost 20,000 steps before the fix.
     */
    @Test
    void anIteratorSeekedRightAwayNeverWalksTheDeletedEntriesAtTheFront() {
        try (RocksEngine engine = RocksEngine.open(tmp.resolve("engine"), RocksEngineContractTest.OPTIONS)) {
            WriteBatch puts = new WriteBatch();
            WriteBatch deletes = new WriteBatch();
            for (int k = 0; k < 20_000; k++) {
                puts.put(b(String.format("a%06d", k)), b("v"));
                deletes.delete(b(String.format("a%06d", k)));
            }
            engine.apply(puts.put(b("z"), b("live")), 1);
            engine.apply(deletes, 2);
            long before = engine.stats().iteratorSkips();
            for (int i = 0; i < 10; i++) {
                try (var it = engine.newIterator(null, null)) {
                    it.seek(b("z"));
                    assertThat(it.isValid()).isTrue();
                    assertThat(it.key()).isEqualTo(b("z"));
                }
            }
            assertThat(engine.stats().iteratorSkips() - before).as("deleted entries stepped over").isLessThan(100);

            try (var it = engine.newIterator(null, null)) { // used without a seek: it starts at the front
                assertThat(it.isValid()).isTrue();
                assertThat(it.key()).isEqualTo(b("z"));
            }
        }
    }

    @Test
    void aSecondEngineOnTheSameDirectoryIsRefused() {
        Path dir = tmp.resolve("engine");
        try (RocksEngine engine = RocksEngine.open(dir, RocksEngineContractTest.OPTIONS)) {
            engine.apply(new WriteBatch().put(b("a"), b("1")), 1);
            assertThatThrownBy(() -> RocksEngine.open(dir, RocksEngineContractTest.OPTIONS))
                .isInstanceOf(StorageException.class).hasMessageContaining("rocksdb open failed in " + dir)
                .hasMessageContaining("lock");
        }
    }

    @Test
    void optionsRefuseSizesRocksDbCannotUse() {
        assertThatThrownBy(() -> RocksEngineOptions.defaults().withBlockCacheBytes(1000))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockCacheBytes");
        assertThatThrownBy(() -> RocksEngineOptions.defaults().withWriteBufferBytes(1000))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeBufferBytes");
    }

    /**
     * Compaction flushes the engine on a thread of its own while the group's loop applies on: a
     * flush must not hold up {@code apply}, and {@code close} must wait for it. Background writes
     * are held to 1 MiB/s, so flushing 4 MiB takes about 4 s.
     */
    @Test
    void aFlushOnAnotherThreadDoesNotHoldUpApplyAndCloseWaitsForIt() throws Exception {
        Path dir = tmp.resolve("engine");
        RocksEngine engine = RocksEngine.open(dir, RocksEngineContractTest.OPTIONS.withWriteBytesPerSecond(1 << 20));
        Random random = new Random(11);
        for (int i = 1; i <= 64; i++) {
            byte[] value = new byte[64 << 10];
            random.nextBytes(value); // incompressible: the flush writes all of it
            engine.apply(new WriteBatch().put(key(i), value), i);
        }
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread flusher = new Thread(() -> {
            try {
                engine.flush();
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "flusher");
        flusher.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.flushesUnderWay() == 0 && flusher.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the flush writes: 4 MiB at 1 MiB/s
        }
        assertThat(engine.flushesUnderWay()).as("the flush is under way").isEqualTo(1);

        engine.apply(new WriteBatch().put(key(65), b("during the flush")), 65);
        assertThat(flusher.isAlive()).as("apply returned while the flush was still writing").isTrue();

        engine.close(); // waits for the flush, then flushes batch 65 too
        assertThat(flusher.isAlive()).isFalse();
        assertThat(failed.get()).isNull();
        try (RocksEngine reopened = RocksEngine.open(dir, RocksEngineContractTest.OPTIONS)) {
            assertThat(reopened.appliedIndex()).isEqualTo(65);
            assertThat(reopened.get(key(65))).isEqualTo(b("during the flush"));
            assertThat(reopened.get(key(1))).hasSize(64 << 10);
        }
    }
}
