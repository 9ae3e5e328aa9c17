package io.basalt.txn.mvcc;

import static io.basalt.txn.mvcc.MvccStores.b;
import static io.basalt.txn.mvcc.MvccStores.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.Invariants.InvariantViolation;
import io.basalt.common.Prng;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage collection of an {@link MvccStore} as a reader sees it, the same for every
 * implementation: what is dropped, what stays, and that calls with a small budget get through
 * everything. Which keys one call visits is each implementation's own (see
 * {@code VersionStoreGcQueueTest} and {@code EngineVersionStoreSweepTest}).
 */
abstract class MvccStoreGcContract {
    private static final int SEEDS = 100;
    private static final int KEYS = 12;
    private static final int WALL_MAX = 100;

    private MvccStore store;

    /** A new, empty store. */
    protected abstract MvccStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    private static byte[] key(int i) {
        return b(String.format("k%02d", i));
    }

    @Test
    void keepsTheNewestVersionAtOrBeforeTheHorizonAndEverythingNewer() {
        store.write(b("k"), ts(10), b("v10"));
        store.write(b("k"), ts(20), b("v20"));
        store.write(b("k"), ts(30), b("v30"));
        assertThat(store.gc(ts(25), 10)).isEqualTo(1);
        assertThat(store.read(b("k"), ts(25))).isEqualTo(b("v20"));
        assertThat(store.read(b("k"), ts(19))).as("history below the horizon is gone").isNull();
        assertThat(store.versionCount()).isEqualTo(2);
    }

    @Test
    void versionExactlyAtTheHorizonIsKept() {
        store.write(b("k"), ts(10), b("v10"));
        store.write(b("k"), ts(20), b("v20"));
        assertThat(store.gc(ts(20), 10)).isEqualTo(1);
        assertThat(store.read(b("k"), ts(20))).isEqualTo(b("v20"));
    }

    @Test
    void tombstoneAtOrBeforeTheHorizonGoesWithEverythingOlder() {
        store.write(b("gone"), ts(10), b("a"));
        store.write(b("gone"), ts(20), null);
        store.write(b("back"), ts(10), b("a"));
        store.write(b("back"), ts(20), null);
        store.write(b("back"), ts(40), b("b"));
        assertThat(store.gc(ts(30), 10)).isEqualTo(4);
        assertThat(store.keyCount()).as("a key whose history is all gone is dropped").isEqualTo(1);
        assertThat(store.latestCommit(b("gone"))).isNull();
        assertThat(store.read(b("back"), ts(30))).isNull();
        assertThat(store.read(b("back"), ts(40))).isEqualTo(b("b"));
        assertThat(store.versionCount()).isEqualTo(1);
    }

    @Test
    void nothingIsCollectedBelowTheOldestVersion() {
        store.write(b("k"), ts(10), b("a"));
        assertThat(store.gc(ts(5), 10)).isZero();
        assertThat(store.gc(ts(10), 10)).isZero();
        assertThat(store.versionCount()).isEqualTo(1);
    }

    @Test
    void writesAtOrBelowACollectedHorizonAreRefused() {
        store.write(b("k"), ts(10), b("a"));
        store.write(b("k"), ts(20), null);
        store.gc(ts(30), 10);
        // Without the horizon check this write would slip under the collected tombstone.
        assertThatThrownBy(() -> store.write(b("k"), ts(15), b("b")))
            .isInstanceOf(InvariantViolation.class).hasMessageContaining("horizon");
        assertThatThrownBy(() -> store.write(b("new"), ts(30), b("b"))).isInstanceOf(InvariantViolation.class);
        store.write(b("k"), new Timestamp(30, 1), b("c"));
        assertThat(store.read(b("k"), Timestamp.MAX)).isEqualTo(b("c"));
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
    }

    @Test
    void keysDueAtOneTimestampAreTakenInKeyOrderAndRemovedWhenEmpty() {
        for (int i = 0; i < 4; i++) {
            store.write(key(i), ts(10), b("v"));
            store.write(key(i), ts(20), i % 2 == 0 ? null : b("w"));
        }
        assertThat(store.gc(ts(25), 1)).as("k00 ends in a tombstone and disappears").isEqualTo(2);
        assertThat(store.keyCount()).isEqualTo(3);
        assertThat(store.gc(ts(25), 1)).as("then k01").isEqualTo(1);
        assertThat(store.gc(ts(25), 2)).as("then k02 and k03").isEqualTo(3);
        assertThat(store.keyCount()).isEqualTo(2);
        assertThat(store.versionCount()).isEqualTo(2);
    }

    @Test
    void overwrittenAndDeletedKeysAreCollectedOnceTheHorizonPassesThem() {
        store.write(b("updated"), ts(10), b("u1"));
        store.write(b("updated"), ts(20), b("u2"));
        store.write(b("deleted"), ts(10), b("d1"));
        store.write(b("deleted"), ts(20), null);
        store.write(b("neverThere"), ts(15), null);
        assertThat(store.gc(ts(14), 100)).as("nothing is due yet").isZero();

        assertThat(store.gc(ts(15), 100)).as("a tombstone alone is due at its own timestamp").isEqualTo(1);
        assertThat(store.keyCount()).isEqualTo(2);

        // Written again after being queued: the queued entry still stands and gc takes the
        // newer versions into account when it gets there.
        store.write(b("updated"), ts(30), b("u3"));
        store.write(b("updated"), ts(40), b("u4"));
        store.write(b("deleted"), ts(30), b("d3"));
        assertThat(store.gc(ts(35), 100)).isEqualTo(4);
        assertThat(store.read(b("updated"), ts(35))).isEqualTo(b("u3"));
        assertThat(store.read(b("updated"), ts(40))).isEqualTo(b("u4"));
        assertThat(store.read(b("deleted"), ts(35))).isEqualTo(b("d3"));
        assertThat(store.versionCount()).isEqualTo(3);

        assertThat(store.gc(ts(100), 100)).as("u3 once the horizon passes u4; d3 alone stays").isEqualTo(1);
        assertThat(store.gc(ts(200), 100)).isZero();
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
        assertThat(store.gc(ts(30), 100)).isEqualTo(1);
        assertThat(store.read(b("k"), ts(30))).isEqualTo(b("v30"));
        assertThat(store.gc(ts(40), 100)).as("the tombstone and all before it").isEqualTo(2);
        assertThat(store.keyCount()).isZero();
    }

    @Test
    void aHorizonBelowAnEarlierOneCollectsOnlyWhatItAllows() {
        store.write(b("early"), ts(10), b("a"));
        store.write(b("early"), ts(20), b("b"));
        store.write(b("late"), ts(10), b("a"));
        store.write(b("late"), ts(28), b("b"));
        assertThat(store.gc(ts(30), 1)).as("early, due first").isEqualTo(1);
        assertThat(store.gc(ts(25), 100)).as("a read at 25 still sees late's version at 10").isZero();
        assertThat(store.read(b("late"), ts(25))).isEqualTo(b("a"));
        assertThat(store.gc(ts(30), 100)).isEqualTo(1);
        assertThat(store.read(b("late"), ts(30))).isEqualTo(b("b"));
    }

    @Test
    void clearForgetsTheKeysWaitingForGc() {
        store.write(b("k"), ts(10), b("a"));
        store.write(b("k"), ts(20), b("b"));
        store.clear();
        // As when a snapshot is installed: the key comes back with one version, nothing to drop.
        store.write(b("k"), ts(20), b("b"));
        assertThat(store.gc(ts(30), 100)).isZero();
        assertThat(store.read(b("k"), ts(30))).isEqualTo(b("b"));
    }

    @Test
    void aCallerReusingItsKeyBufferDoesNotChangeWhatGcTakes() {
        byte[] buffer = b("k1");
        store.write(buffer, ts(10), b("a"));
        store.write(buffer, ts(20), b("b"));
        buffer[1] = '2';
        store.write(buffer, ts(10), b("c"));
        assertThat(store.gc(ts(30), 100)).isEqualTo(1);
        assertThat(store.read(b("k1"), ts(15))).isNull();
        assertThat(store.read(b("k2"), ts(15))).isEqualTo(b("c"));
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

    @Test
    void readsAtOrAfterTheHorizonSeeTheSameBeforeAndAfterGc() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Prng prng = new Prng(seed);
            store.clear();
            int[] newest = new int[KEYS];
            for (int n = 0; n < 200; n++) {
                int k = prng.nextInt(KEYS);
                if (newest[k] >= WALL_MAX) {
                    continue;
                }
                newest[k] = prng.nextInt(newest[k] + 1, WALL_MAX);
                store.write(key(k), ts(newest[k]), prng.chance(0.3) ? null : b("v" + n));
            }
            Timestamp horizon = ts(prng.nextInt(0, WALL_MAX));
            List<List<KeyValue>> before = scansFrom(horizon);
            long versionsBefore = store.versionCount();
            long expectedRemoved = versionsBefore - neededAfter(horizon);

            long removed = 0;
            int maxKeys = prng.nextInt(1, 5);
            for (int call = 0; call < KEYS; call++) {
                removed += store.gc(horizon, maxKeys);
            }
            String where = "seed " + seed + " horizon " + horizon;
            assertThat(removed).as(where).isEqualTo(expectedRemoved);
            assertThat(store.versionCount()).as(where).isEqualTo(versionsBefore - removed);
            assertThat(neededAfter(horizon)).as("%s: only needed versions remain", where).isEqualTo(store.versionCount());
            assertThat(scansFrom(horizon)).as(where).isEqualTo(before);
            assertThat(store.gc(horizon, KEYS)).as("%s: a second pass finds nothing", where).isZero();
        }
    }

    /** A full scan at every timestamp from the horizon on, and at a logical step past each. */
    private List<List<KeyValue>> scansFrom(Timestamp horizon) {
        List<List<KeyValue>> scans = new ArrayList<>();
        for (long wall = horizon.wallMicros(); wall <= WALL_MAX + 1; wall++) {
            scans.add(store.scan(KeyRange.all(), ts(wall), Integer.MAX_VALUE));
            scans.add(store.scan(KeyRange.all(), new Timestamp(wall, 1), Integer.MAX_VALUE));
        }
        return scans;
    }

    /** How many versions a read at or after the horizon needs, counted from the full history. */
    private long neededAfter(Timestamp horizon) {
        long[] needed = {0};
        Version[] visible = new Version[1];
        byte[][] current = new byte[1][];
        store.forEach((key, commitTs, value) -> {
            if (current[0] == null || !Arrays.equals(current[0], key)) {
                needed[0] += visible[0] != null && !visible[0].isTombstone() ? 1 : 0;
                visible[0] = null;
                current[0] = key;
            }
            if (commitTs.after(horizon)) {
                needed[0]++;
            } else {
                visible[0] = new Version(commitTs, value);
            }
        });
        needed[0] += visible[0] != null && !visible[0].isTombstone() ? 1 : 0;
        return needed[0];
    }
}
