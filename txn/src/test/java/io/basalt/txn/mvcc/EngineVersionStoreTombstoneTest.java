package io.basalt.txn.mvcc;

import static io.basalt.txn.mvcc.MvccStores.b;
import static io.basalt.txn.mvcc.MvccStores.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.storage.rocksdb.RocksEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key rewritten all the time on RocksDB: every version gc drops leaves a tombstone behind the
 * key's oldest version until compaction removes it, so gc must not step past that version, or
 * each visit walks every version the key ever dropped and a write's cost grows with the key's
 * age (TPC-B's branch rows). RocksDB counts the deleted entries its iterators step over.
 */
class EngineVersionStoreTombstoneTest {
    /** Versions newer than the horizon that gc keeps: the horizon trails the writes by this much. */
    private static final int LAG = 50;

    @TempDir
    Path dir;

    private RocksEngine engine;
    private EngineVersionStore store;
    private long index;
    private int ts;

    @BeforeEach
    void open() {
        engine = RocksEngine.open(dir);  // a 64 MiB memtable: every tombstone stays in it
        store = EngineVersionStore.open(engine);
        store.write(b("k1"), ts(1), b("neighbour"));  // right after the hot key's versions
        ts = 1;
        store.flushTo(++index);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** Rewrites the hot key {@code n} times, collecting after every tenth write. */
    private void rewrite(int n) {
        for (int i = 0; i < n; i++) {
            ts++;
            store.write(b("k0"), ts(ts), b("v" + ts), store.newestVersion(b("k0")));
            store.flushTo(++index);
            if (ts % 10 == 0 && ts > LAG) {
                store.gc(ts(ts - LAG), 1_000);
                store.flushTo(index);
            }
        }
    }

    private long skips() {
        return engine.stats().iteratorSkips();
    }

    @Test
    void gcOfAHotKeyDoesNotWalkTheVersionsItDroppedBefore() {
        rewrite(2_000);
        long before = skips();
        rewrite(1_000);
        // Stepping past the oldest version once per visit would walk about 2,000 to 3,000
        // tombstones a visit, 100 visits: some 250,000 entries.
        assertThat(skips() - before).as("deleted entries stepped over during 1,000 rewrites and 100 gc visits")
            .isLessThan(1_000);
        assertThat(store.versionCount()).as("the hot key's versions newer than the horizon, and k1")
            .isBetween((long) LAG, (long) LAG + 12);
        assertThat(store.readVersion(b("k0"), ts(ts - LAG)).value()).isEqualTo(b("v" + (ts - LAG)));
        assertThat(store.readVersion(b("k1"), ts(ts)).value()).isEqualTo(b("neighbour"));
    }

    @Test
    void afterAReopenTheFirstVisitWalksTheTombstonesOnceAndThenGcIsFlatAgain() {
        rewrite(2_000);
        store = EngineVersionStore.open(engine);  // the queue, and what it knew of the oldest versions, is gone
        rewrite(200);
        long before = skips();
        rewrite(1_000);
        assertThat(skips() - before).as("deleted entries stepped over once the sweep learned the oldest version")
            .isLessThan(1_000);
        assertThat(store.readVersion(b("k0"), ts(ts)).value()).isEqualTo(b("v" + ts));
        assertThat(store.readVersion(b("k0"), ts(ts - LAG)).value()).isEqualTo(b("v" + (ts - LAG)));
    }
}
