package io.basalt.txn.mvcc;

import static io.basalt.txn.mvcc.MvccStores.b;
import static io.basalt.txn.mvcc.MvccStores.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.storage.memory.MemoryEngine;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which keys {@link EngineVersionStore}'s gc visits, the part only it decides: the keys a write
 * left garbage behind, from an in-memory queue, and every key once by a sweep after a restart
 * or a queue overflow. The work follows the garbage, not the table's size. What a reader sees
 * of gc is in {@link MvccStoreGcContract}.
 */
class EngineVersionStoreGcWorkTest {
    private MemoryEngine engine = MemoryEngine.create();
    private EngineVersionStore store = EngineVersionStore.open(engine);

    @TempDir
    Path tmp;

    @AfterEach
    void close() {
        engine.close();
    }

    private static byte[] key(int i) {
        return b(String.format("k%02d", i));
    }

    /** Keys 0..n-1, the even ones with a version to drop at any horizon from 20, the odd ones with one version. */
    private void writeKeys(int n) {
        for (int i = 0; i < n; i++) {
            store.write(key(i), ts(10), b("old"));
            if (i % 2 == 0) {
                store.write(key(i), ts(20), b("new"));
            }
        }
    }

    /** The keys whose version at 10 is gone. */
    private List<Integer> collected(int n) {
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (store.readVersion(key(i), ts(15)) == null) {
                done.add(i);
            }
        }
        return done;
    }

    @Test
    void aLargeTableWithOneRewrittenKeyCostsGcOneVisit() {
        int rows = 10_000;
        for (int i = 0; i < rows; i++) {
            store.write(b("row" + i), ts(1 + i % 50), b("v"));
        }
        store.flushTo(1);
        assertThat(store.gc(ts(100), 1_000)).isZero();
        assertThat(store.gcKeysVisited()).as("no key has anything to drop").isZero();
        store.write(b("row9999"), ts(200), b("w"));
        store.flushTo(2);
        assertThat(store.gc(ts(150), 1_000)).as("not yet due: its old version is what a read at 150 sees").isZero();
        assertThat(store.gcKeysVisited()).isZero();
        assertThat(store.gc(ts(200), 1_000)).isEqualTo(1);
        assertThat(store.gcKeysVisited()).isEqualTo(1);
        assertThat(store.gc(ts(300), 1_000)).isZero();
        assertThat(store.gcKeysVisited()).as("nothing left to visit").isEqualTo(1);
        assertThat(store.versionCount()).isEqualTo(rows);
    }

    @Test
    void eachCallVisitsAtMostMaxKeysAndTheRestWaitForTheNext() {
        writeKeys(10);
        assertThat(store.gc(ts(25), 2)).isEqualTo(2);
        assertThat(store.gcKeysVisited()).isEqualTo(2);
        assertThat(store.gc(ts(25), 0)).as("no budget, no visit").isZero();
        assertThat(store.gc(ts(25), 10)).isEqualTo(3);
        assertThat(store.gcKeysVisited()).as("only the five keys with two versions").isEqualTo(5);
        assertThat(collected(10)).containsExactly(0, 2, 4, 6, 8);
    }

    @Test
    void aKeyWithGarbageOnlyALaterHorizonCanDropWaitsForIt() {
        store.write(key(1), ts(10), b("v10"));
        store.write(key(1), ts(20), b("v20"));
        store.write(key(1), ts(30), b("v30"));
        assertThat(store.gc(ts(25), 10)).as("v10; v20 is what a read at 25 sees").isEqualTo(1);
        long visits = store.gcKeysVisited();
        assertThat(store.gc(ts(29), 10)).isZero();
        assertThat(store.gcKeysVisited()).as("not visited again before 30").isEqualTo(visits);
        assertThat(store.gc(ts(30), 10)).isEqualTo(1);
        assertThat(store.read(key(1), Timestamp.MAX)).isEqualTo(b("v30"));
        assertThat(store.versionCount()).isEqualTo(1);
    }

    @Test
    void aDeletedKeyGoesWholeOnceTheHorizonPassesItsTombstone() {
        store.write(key(1), ts(10), b("v"));
        store.write(key(2), ts(20), null);
        store.write(key(1), ts(30), null);
        assertThat(store.gc(ts(30), 10)).isEqualTo(3);
        assertThat(store.keyCount()).isZero();
        assertThat(store.versionCount()).isZero();
    }

    @Test
    void aReopenedStoreSweepsEveryKeyOnceInKeyOrderAndThenRests() {
        engine.close();
        engine = MemoryEngine.open(tmp);
        store = EngineVersionStore.open(engine);
        writeKeys(6);
        store.flushTo(1);
        engine.close();
        engine = MemoryEngine.open(tmp);
        store = EngineVersionStore.open(engine);
        assertThat(store.gc(ts(25), 2)).as("k00, k01").isEqualTo(1);
        assertThat(collected(6)).containsExactly(0);
        assertThat(store.gc(ts(25), 2)).as("k02, k03").isEqualTo(1);
        assertThat(store.gc(ts(25), 10)).as("k04, k05").isEqualTo(1);
        assertThat(store.gcKeysVisited()).as("each key once").isEqualTo(6);
        assertThat(store.gc(ts(40), 10)).isZero();
        assertThat(store.gcKeysVisited()).as("the sweep is over").isEqualTo(6);
        assertThat(store.scan(KeyRange.all(), Timestamp.MAX, 100)).hasSize(6);
    }

    @Test
    void theSweepQueuesWhatItCannotDropYet() {
        engine.close();
        engine = MemoryEngine.open(tmp);
        store = EngineVersionStore.open(engine);
        store.write(key(1), ts(10), b("v10"));
        store.write(key(1), ts(20), b("v20"));
        store.write(key(1), ts(30), b("v30"));
        store.flushTo(1);
        engine.close();
        engine = MemoryEngine.open(tmp);
        store = EngineVersionStore.open(engine);
        assertThat(store.gc(ts(15), 10)).as("the sweep at 15 can drop nothing").isZero();
        assertThat(store.gc(ts(30), 10)).as("queued by the sweep, dropped at 30").isEqualTo(2);
        assertThat(store.versionCount()).isEqualTo(1);
    }

    @Test
    void aQueueHeldBackByAnOldHorizonOverflowsIntoASweepThatWaitsForTheHorizonToMove() {
        store.gc(ts(5), 1);  // the horizon a long transaction holds
        for (int i = 0; i <= EngineVersionStore.DUE_MAX; i++) {
            byte[] key = b("row" + i);
            store.write(key, ts(10), b("a"));
            store.write(key, ts(20), b("b"));
            if (i % 10_000 == 0) {
                store.flushTo(i + 1);
            }
        }
        store.flushTo(EngineVersionStore.DUE_MAX + 2);
        assertThat(store.gc(ts(5), 1_000)).isZero();
        assertThat(store.gcKeysVisited()).as("a sweep at the held horizon would only queue everything again")
            .isZero();
        long dropped = 0;
        for (int call = 0; call < 1_000 && dropped <= EngineVersionStore.DUE_MAX; call++) {
            dropped += store.gc(ts(25), 1_000);
        }
        assertThat(dropped).as("every key's old version, found by the sweep").isEqualTo(EngineVersionStore.DUE_MAX + 1);
        assertThat(store.versionCount()).isEqualTo(EngineVersionStore.DUE_MAX + 1);
    }

    @Test
    void afterAnOverflowWritesSkipTheQueueUntilTheSweepBeginsAndTheSweepStillFindsTheirGarbage() {
        store.gc(ts(5), 1);  // the horizon a long transaction holds
        int keys = EngineVersionStore.DUE_MAX + 1 + 20_000;
        for (int i = 0; i < keys; i++) {
            byte[] key = b("row" + i);
            store.write(key, ts(10), b("a"));
            store.write(key, ts(20), b("b"));
            if (i % 10_000 == 0) {
                store.flushTo(i + 1);
            }
        }
        store.flushTo(keys + 1);
        assertThat(store.queuedKeys()).as("only the key whose rewrite overflowed the queue; the 20,000 after it are left to the sweep")
            .isEqualTo(1);
        long dropped = 0;
        for (int call = 0; call < 1_000 && dropped < keys; call++) {
            dropped += store.gc(ts(25), 1_000);
        }
        assertThat(dropped).as("every key's old version, found by the sweep").isEqualTo(keys);
        assertThat(store.versionCount()).isEqualTo(keys);
        store.write(b("row0"), ts(30), b("c"));
        assertThat(store.queuedKeys()).as("with the sweep done, a rewrite is queued again").isEqualTo(1);
    }
}
