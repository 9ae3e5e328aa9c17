package io.basalt.txn.mvcc;

import static io.basalt.txn.mvcc.MvccStores.b;
import static io.basalt.txn.mvcc.MvccStores.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What only {@link VersionStore}'s gc does: its queue of keys due at a timestamp means a call
 * visits only keys that have something to drop, each once. What a reader sees of gc is in
 * {@link MvccStoreGcContract}.
 */
class VersionStoreGcQueueTest {
    private final VersionStore store = new VersionStore();

    private static byte[] key(int i) {
        return b(String.format("k%02d", i));
    }

    @Test
    void eachCallVisitsAtMostMaxKeysAndTheNextTakesTheRest() {
        for (int i = 0; i < 10; i++) {
            store.write(key(i), ts(10), b("old"));
            store.write(key(i), ts(20), b("new"));
        }
        assertThat(store.gc(ts(25), 3)).isEqualTo(3);
        assertThat(collected()).containsExactly(0, 1, 2);
        assertThat(store.gc(ts(25), 3)).isEqualTo(3);
        assertThat(collected()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(store.gc(ts(25), 3)).isEqualTo(3);
        // The fourth call takes the last key and finds nothing more to do.
        assertThat(store.gc(ts(25), 3)).isEqualTo(1);
        assertThat(collected()).hasSize(10);
        assertThat(store.gc(ts(25), 0)).isZero();
        assertThat(store.gcKeysVisited()).isEqualTo(10);
    }

    @Test
    void oneCallNeverVisitsAKeyTwice() {
        store.write(key(0), ts(10), b("v"));
        store.write(key(0), ts(20), b("w"));
        assertThat(store.gc(ts(25), 100)).isEqualTo(1);
        assertThat(store.versionCount()).isEqualTo(1);
        assertThat(store.gcKeysVisited()).isEqualTo(1);
    }

    @Test
    void keysWrittenOnceCostGcNothing() {
        int rows = 10_000;
        for (int i = 0; i < rows; i++) {
            store.write(b("row" + i), ts(1 + i % 50), b("v"));
        }
        for (int tick = 0; tick < 1_000; tick++) {
            assertThat(store.gc(ts(tick), 1_000)).isZero();
        }
        assertThat(store.gcKeysVisited()).as("no key has anything to drop, so none is visited").isZero();
        assertThat(store.versionCount()).isEqualTo(rows);

        // Updating a few rows makes exactly those rows work for gc, once.
        for (int i = 0; i < 3; i++) {
            store.write(b("row" + i), ts(2_000), b("w"));
        }
        for (int tick = 0; tick < 100; tick++) {
            store.gc(ts(2_000 + tick), 1_000);
        }
        assertThat(store.gcKeysVisited()).isEqualTo(3);
        assertThat(store.versionCount()).isEqualTo(rows);
        assertThat(store.read(b("row0"), Timestamp.MAX)).isEqualTo(b("w"));
        assertThat(store.read(b("row3"), Timestamp.MAX)).isEqualTo(b("v"));
    }

    @Test
    void overwrittenAndDeletedKeysAreCollectedOnceTheHorizonPassesThem() {
        store.write(b("updated"), ts(10), b("u1"));
        store.write(b("updated"), ts(20), b("u2"));
        store.write(b("deleted"), ts(10), b("d1"));
        store.write(b("deleted"), ts(20), null);
        store.write(b("neverThere"), ts(15), null);
        assertThat(store.gc(ts(14), 100)).as("nothing is due yet").isZero();
        assertThat(store.gcKeysVisited()).isZero();

        assertThat(store.gc(ts(15), 100)).as("a tombstone alone is due at its own timestamp").isEqualTo(1);
        assertThat(store.keyCount()).isEqualTo(2);

        // Written again after being queued: the queued entry still stands and gc takes the
        // newer versions into account when it gets there.
        store.write(b("updated"), ts(30), b("u3"));
        store.write(b("updated"), ts(40), b("u4"));
        store.write(b("deleted"), ts(30), b("d3"));
        assertThat(store.gc(ts(35), 100)).isEqualTo(4);
        assertThat(store.gcKeysVisited()).as("one visit per key, however often it was written").isEqualTo(3);
        assertThat(store.read(b("updated"), ts(35))).isEqualTo(b("u3"));
        assertThat(store.read(b("updated"), ts(40))).isEqualTo(b("u4"));
        assertThat(store.read(b("deleted"), ts(35))).isEqualTo(b("d3"));
        assertThat(store.versionCount()).isEqualTo(3);

        assertThat(store.gc(ts(100), 100)).as("u3 once the horizon passes u4; d3 alone stays").isEqualTo(1);
        assertThat(store.gc(ts(200), 100)).isZero();
        assertThat(store.gcKeysVisited()).isEqualTo(4);
        assertThat(store.versionCount()).isEqualTo(2);
    }

    @Test
    void aKeyWithVersionsAboveTheHorizonIsCollectedAsTheHorizonPassesThem() {
        store.write(b("k"), ts(10), b("v10"));
        store.write(b("k"), ts(20), b("v20"));
        store.write(b("k"), ts(30), b("v30"));
        store.write(b("k"), ts(40), null);
        assertThat(store.gc(ts(15), 100)).isZero();
        assertThat(store.gc(ts(25), 100)).isEqualTo(1);
        // v20 stays for reads from 25 on, so k is not due again before 30, however large the budget.
        assertThat(store.gc(ts(29), 100)).isZero();
        assertThat(store.gcKeysVisited()).isEqualTo(1);
        assertThat(store.gc(ts(30), 100)).isEqualTo(1);
        assertThat(store.read(b("k"), ts(30))).isEqualTo(b("v30"));
        assertThat(store.gc(ts(40), 100)).as("the tombstone and all before it").isEqualTo(2);
        assertThat(store.keyCount()).isZero();
        assertThat(store.gcKeysVisited()).isEqualTo(3);
    }

    @Test
    void clearForgetsTheKeysWaitingForGc() {
        store.write(b("k"), ts(10), b("a"));
        store.write(b("k"), ts(20), b("b"));
        store.clear();
        // As when a snapshot is installed: the key comes back with one version, nothing to drop.
        store.write(b("k"), ts(20), b("b"));
        assertThat(store.gc(ts(30), 100)).isZero();
        assertThat(store.gcKeysVisited()).isZero();
        assertThat(store.read(b("k"), ts(30))).isEqualTo(b("b"));
    }

    /** The keys whose version at 10 is gone. */
    private List<Integer> collected() {
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            if (store.readVersion(key(i), ts(15)) == null) {
                done.add(i);
            }
        }
        return done;
    }

}
