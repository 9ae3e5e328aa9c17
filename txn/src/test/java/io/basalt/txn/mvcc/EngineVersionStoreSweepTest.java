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
 * What only {@link EngineVersionStore}'s gc does: a sweep in key order that visits at most
 * {@code maxKeys} keys per call, resumes where the last call stopped, wraps around, and never
 * visits a key twice in one call. What a reader sees of gc is in {@link MvccStoreGcContract}.
 */
class EngineVersionStoreSweepTest {
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
    void eachCallVisitsAtMostMaxKeysInKeyOrderAndTheNextResumesAfterThem() {
        writeKeys(10);
        assertThat(store.gc(ts(25), 3)).as("k00 and k02; k01 has one version").isEqualTo(2);
        assertThat(store.gcKeysVisited()).isEqualTo(3);
        assertThat(collected(10)).containsExactly(0, 2);
        assertThat(store.gc(ts(25), 3)).as("k03, k04, k05").isEqualTo(1);
        assertThat(collected(10)).containsExactly(0, 2, 4);
        assertThat(store.gc(ts(25), 3)).isEqualTo(2);
        assertThat(store.gcKeysVisited()).isEqualTo(9);
        assertThat(store.gc(ts(25), 0)).as("no budget, no visit").isZero();
        assertThat(store.gcKeysVisited()).isEqualTo(9);
        assertThat(store.gc(ts(25), 3)).as("k09, then k00 and k01 again").isZero();
        assertThat(store.gcKeysVisited()).isEqualTo(12);
        assertThat(store.gc(ts(25), 3)).as("k02 to k04").isZero();
        assertThat(collected(10)).containsExactly(0, 2, 4, 6, 8);
    }

    @Test
    void aCallWrapsAroundButNeverVisitsAKeyTwice() {
        writeKeys(4);
        store.gc(ts(5), 3);
        assertThat(store.gcKeysVisited()).isEqualTo(3);
        assertThat(store.gc(ts(25), 100)).as("k03, then k00 to k02 after wrapping").isEqualTo(2);
        assertThat(store.gcKeysVisited()).as("each key once").isEqualTo(7);
        assertThat(store.gc(ts(25), 100)).isZero();
        assertThat(store.gcKeysVisited()).isEqualTo(11);
    }

    @Test
    void theSweepGoesOnAcrossFlushesAndKeysThatAppearOrVanish() {
        writeKeys(6);
        store.flushTo(1);
        store.gc(ts(5), 2);  // visits k00, k01; next is k02
        store.flushTo(1);
        store.write(key(2), ts(30), null);
        store.write(key(3), ts(30), null);
        store.flushTo(2);
        assertThat(store.gc(ts(30), 2)).as("k02 and k03 go whole").isEqualTo(5);
        assertThat(store.keyCount()).isEqualTo(4);
        store.flushTo(2);
        store.write(b("k03x"), ts(40), b("new key behind the sweep's position"));
        assertThat(store.gc(ts(30), 1)).as("k04, the key after the vanished k03").isEqualTo(1);
        assertThat(store.gc(ts(30), 1)).as("k05 has one version").isZero();
        assertThat(store.gc(ts(30), 10)).as("k00 after wrapping").isEqualTo(1);
        assertThat(store.scan(KeyRange.all(), Timestamp.MAX, 100)).extracting(kv -> new String(kv.key()))
            .containsExactly("k00", "k01", "k03x", "k04", "k05");
    }

    @Test
    void workPerCallIsBoundedByItsBudgetWhateverTheTableSize() {
        int rows = 10_000;
        for (int i = 0; i < rows; i++) {
            store.write(b("row" + i), ts(1 + i % 50), b("v"));
        }
        store.flushTo(1);
        for (int call = 1; call <= 50; call++) {
            assertThat(store.gc(ts(100), 100)).isZero();
            assertThat(store.gcKeysVisited()).isEqualTo(100L * call);
        }
        store.write(b("row9999"), ts(200), b("w"));
        assertThat(store.gc(ts(200), Integer.MAX_VALUE)).as("one full pass finds the one key").isEqualTo(1);
        assertThat(store.gcKeysVisited()).as("every key once").isEqualTo(5_000L + rows);
        assertThat(store.versionCount()).isEqualTo(rows);
    }

    @Test
    void aReopenedStoreStartsItsSweepAtTheFirstKey() {
        engine.close();
        engine = MemoryEngine.open(tmp);
        store = EngineVersionStore.open(engine);
        writeKeys(4);
        store.gc(ts(25), 2);  // k00 and k01
        store.flushTo(1);
        engine.close();
        engine = MemoryEngine.open(tmp);
        store = EngineVersionStore.open(engine);
        store.write(key(0), ts(30), b("newer"));
        assertThat(store.gc(ts(30), 1)).as("k00 again, not k02").isEqualTo(1);
        assertThat(collected(4)).containsExactly(0);
        assertThat(store.read(key(0), ts(25))).as("collected at 30: nothing older stays").isNull();
    }
}
