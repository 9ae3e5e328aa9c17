package io.basalt.txn.mvcc;

import static io.basalt.txn.mvcc.MvccStores.b;
import static io.basalt.txn.mvcc.MvccStores.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.storage.api.Engine;
import io.basalt.storage.rocksdb.RocksEngine;
import io.basalt.storage.rocksdb.RocksEngineOptions;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EngineVersionStore} on RocksDB: the differential run against {@link VersionStore}, and
 * a store closed and opened again. (txn depends on storage-rocksdb for tests only.)
 */
class RocksVersionStoreTest {
    /** Small, so that a test engine stays light; the memtable flushes on its own a few times per run. */
    private static final RocksEngineOptions OPTIONS = RocksEngineOptions.defaults()
        .withBlockCacheBytes(RocksEngineOptions.BLOCK_CACHE_BYTES_MIN)
        .withWriteBufferBytes(RocksEngineOptions.WRITE_BUFFER_BYTES_MIN);
    private static final long[] SEEDS = {11, 12};
    private static final int STEPS = 3_000;

    @TempDir
    Path tmp;

    private static Engine open(Path dir) {
        return RocksEngine.open(dir, OPTIONS);
    }

    @Test
    void engineStoreOnRocksDbAnswersAsTheInMemoryStoreDoes() {
        for (long seed : SEEDS) {
            MvccDifferentialRun.Counts counts =
                new MvccDifferentialRun(seed, tmp.resolve("seed" + seed), RocksVersionStoreTest::open).run(STEPS);
            MvccDifferentialTest.assertInterestingRun(counts, seed);
        }
    }

    @Test
    void versionsAndTheAppliedIndexAreBackAfterReopening() {
        Path dir = tmp.resolve("reopen");
        try (Engine engine = open(dir)) {
            EngineVersionStore store = EngineVersionStore.open(engine);
            for (int i = 0; i < 100; i++) {
                store.write(b("row" + i), ts(10), b("v" + i));
            }
            store.flushTo(1);
            store.write(b("row0"), ts(20), b("updated"));
            store.write(b("row1"), ts(20), null);
            store.beginPending(ts(30));
            store.write(b("row2"), ts(30), b("staged"));
            store.flushTo(2);
            store.write(b("row3"), ts(40), b("lost with the step"));
        }
        try (Engine engine = open(dir)) {
            EngineVersionStore store = EngineVersionStore.open(engine);
            assertThat(store.appliedIndex()).isEqualTo(2);
            assertThat(store.versionCount()).isEqualTo(103);
            assertThat(store.keyCount()).isEqualTo(100);
            assertThat(store.read(b("row0"), ts(15))).isEqualTo(b("v0"));
            assertThat(store.read(b("row0"), Timestamp.MAX)).isEqualTo(b("updated"));
            assertThat(store.read(b("row1"), Timestamp.MAX)).isNull();
            assertThat(store.read(b("row2"), Timestamp.MAX)).as("still pending").isEqualTo(b("v2"));
            assertThat(store.read(b("row3"), Timestamp.MAX)).isEqualTo(b("v3"));
            assertThat(store.scan(KeyRange.all(), Timestamp.MAX, 3)).extracting(KeyValue::value)
                .containsExactly(b("updated"), b("v10"), b("v11"));
            store.commitPending(ts(30));
            assertThat(store.gc(ts(30), Integer.MAX_VALUE)).as("row0's v0, row1's v1 and tombstone, row2's v2").isEqualTo(4);
            store.flushTo(3);
        }
        try (Engine engine = open(dir)) {
            EngineVersionStore store = EngineVersionStore.open(engine);
            assertThat(store.appliedIndex()).isEqualTo(3);
            assertThat(store.read(b("row2"), Timestamp.MAX)).isEqualTo(b("staged"));
            assertThat(store.versionCount()).isEqualTo(99);
            assertThat(store.keyCount()).isEqualTo(99);
            List<String> keys = new ArrayList<>();
            store.forEach((key, commitTs, value) -> keys.add(new String(key)));
            assertThat(keys).hasSize(99).doesNotContain("row1");
        }
    }
}
