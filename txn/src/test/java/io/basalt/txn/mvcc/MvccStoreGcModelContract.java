package io.basalt.txn.mvcc;

import static io.basalt.txn.mvcc.MvccStores.b;
import static io.basalt.txn.mvcc.MvccStores.gcKeysVisited;
import static io.basalt.txn.mvcc.MvccStores.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.Prng;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random histories of writes, deletes and gc calls with small budgets and horizons that move
 * both ways, run on a store that collects and on one that never does: after every gc call,
 * every read at or after the highest horizon collected sees the same in both. At the end, a gc
 * with the budget for everything leaves only the versions those reads need, so no key waiting
 * for gc was lost. A failure names the seed and the step. The store that never collects is
 * always a {@link VersionStore}; the one that does is the implementation under test.
 */
abstract class MvccStoreGcModelContract {
    private static final int SEEDS = 300;
    private static final int STEPS_PER_SEED = 120;
    private static final int KEYS = 6;
    private static final double GC_CHANCE = 0.25;
    private static final double DELETE_CHANCE = 0.25;
    private static final int WRITE_ADVANCE_MAX = 3;
    private static final int HORIZON_LAG_MAX = 8;
    private static final int GC_KEYS_MAX = 4;

    /** A new, empty store. */
    protected abstract MvccStore newStore();

    /**
     * Checks the work of every gc call before the last: {@code visits} keys in all, given
     * budgets summing to {@code budget}, over a history of {@code writes} writes. No call may
     * visit more keys than its budget; an implementation may promise more.
     */
    protected void checkGcWork(long visits, long budget, int writes, String where) {
        assertThat(visits).as("%s: keys visited within the budgets given", where).isLessThanOrEqualTo(budget);
    }

    /** How often the interesting cases came up, so that a generator gone dull fails the test. */
    private int budgetCutShort;
    private int horizonsBackwards;
    private int keysDropped;

    @Test
    void gcNeverChangesAReadAtOrAfterTheHorizonAndMissesNothing() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            run(seed);
        }
        assertThat(budgetCutShort).as("gc calls that left due keys for the next call").isGreaterThan(SEEDS);
        assertThat(horizonsBackwards).as("gc calls below an earlier horizon").isGreaterThan(SEEDS);
        assertThat(keysDropped).as("keys whose whole history was collected").isGreaterThan(SEEDS);
    }

    private void run(long seed) {
        Prng prng = new Prng(seed);
        MvccStore collected = newStore();
        VersionStore kept = new VersionStore();
        long now = 0;
        long[] newest = new long[KEYS];
        Timestamp horizon = Timestamp.MIN;
        int writes = 0;
        long budget = 0;
        for (int step = 0; step < STEPS_PER_SEED; step++) {
            String where = "seed " + seed + " step " + step;
            if (prng.chance(GC_CHANCE)) {
                Timestamp at = ts(Math.max(0, now - prng.nextInt(0, HORIZON_LAG_MAX)));
                int maxKeys = prng.nextInt(0, GC_KEYS_MAX);
                int keysBefore = collected.keyCount();
                collected.gc(at, maxKeys);
                budget += maxKeys;
                horizonsBackwards += at.before(horizon) ? 1 : 0;
                keysDropped += keysBefore - collected.keyCount();
                budgetCutShort += needed(collected, at) < collected.versionCount() ? 1 : 0;
                horizon = Timestamp.max(horizon, at);
                assertSameReads(collected, kept, horizon, now, where);
            } else {
                int k = prng.nextInt(KEYS);
                // Several keys often share a commit timestamp, as a transaction's writes do; a
                // key's own timestamps increase and stay above the collected horizon.
                now += prng.nextInt(0, WRITE_ADVANCE_MAX);
                if (now == newest[k] || now <= horizon.wallMicros()) {
                    now++;
                }
                byte[] value = prng.chance(DELETE_CHANCE) ? null : b("v" + step);
                collected.write(key(k), ts(now), value);
                kept.write(key(k), ts(now), value);
                newest[k] = now;
                writes++;
            }
        }
        String where = "seed " + seed + " at the end";
        checkGcWork(gcKeysVisited(collected), budget, writes, where);
        collected.gc(horizon, Integer.MAX_VALUE);
        assertSameReads(collected, kept, horizon, now, where);
        assertThat(collected.versionCount()).as("%s: only the versions reads from %s need", where, horizon)
            .isEqualTo(needed(kept, horizon));
        assertThat(collected.gc(horizon, Integer.MAX_VALUE)).as("%s: nothing left to collect", where).isZero();
    }

    private static byte[] key(int i) {
        return b("k" + i);
    }

    /** Full scans agree at every microsecond from the horizon to past the last write, and a logical step past each. */
    private static void assertSameReads(MvccStore collected, MvccStore kept, Timestamp horizon, long now,
                                        String where) {
        for (long wall = horizon.wallMicros(); wall <= now + 1; wall++) {
            for (Timestamp at : List.of(ts(wall), new Timestamp(wall, 1))) {
                assertThat(collected.scan(KeyRange.all(), at, Integer.MAX_VALUE)).as("%s: scan at %s", where, at)
                    .isEqualTo(kept.scan(KeyRange.all(), at, Integer.MAX_VALUE));
            }
        }
    }

    /** How many versions reads at or after {@code horizon} need: per key, those after it and the newest at or before it if live. */
    private static long needed(MvccStore store, Timestamp horizon) {
        Map<String, List<Version>> byKey = new TreeMap<>();
        store.forEach((key, commitTs, value) -> byKey
            .computeIfAbsent(new String(key, StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(new Version(commitTs, value)));
        long needed = 0;
        for (List<Version> versions : byKey.values()) {
            Version visible = null;
            for (Version v : versions) {
                if (v.commitTs().after(horizon)) {
                    needed++;
                } else {
                    visible = v;
                }
            }
            needed += visible != null && !visible.isTombstone() ? 1 : 0;
        }
        return needed;
    }
}
