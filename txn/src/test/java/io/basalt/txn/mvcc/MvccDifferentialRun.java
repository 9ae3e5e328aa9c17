package io.basalt.txn.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.Prng;
import io.basalt.storage.api.Engine;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Keys;
import io.basalt.txn.Timestamp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One seeded run of random operations on a {@link VersionStore} and an
 * {@link EngineVersionStore}, which must answer alike: commits of one to three keys at a shared
 * timestamp, tombstones among them; large transactions staging writes at a pending timestamp
 * and then committing or dropping them; gc calls with random horizons and budgets of zero to
 * four keys; reads and scans with limits over random ranges at random timestamps; and, for the
 * engine store, steps flushed at random points and the engine closed and reopened.
 *
 * <p>The two stores collect different keys per gc call (a due queue and a sweep), so between
 * syncs they are compared only as readers at or after the collected horizon see them: values
 * and scans exactly, and a version only up to a tombstone at or below the horizon that one of
 * them has collected already. At a sync, both collect everything at the horizon, and then they
 * must agree on everything: every version, the counts, and reads at any timestamp.
 *
 * <p>A failure names the seed and the step.
 */
final class MvccDifferentialRun {
    private static final int KEYS = 24;
    private static final int KEY_BYTES_MAX = 3;
    private static final int LAG_MAX = 6;
    private static final int GC_KEYS_MAX = 4;
    private static final int[] LIMITS = {1, 2, 3, 5, Integer.MAX_VALUE};

    /** A large transaction in flight: its pending timestamp, the keys it holds, and those it has written. */
    private record Staged(Timestamp ts, Set<Integer> locked, Set<Integer> written) {
    }

    private final long seed;
    private final Prng prng;
    private final Path dir;
    private final Function<Path, Engine> opener;
    private final List<byte[]> keys = new ArrayList<>();
    private final List<Staged> staged = new ArrayList<>();
    private final Set<Integer> locked = new TreeSet<>();
    private final VersionStore model = new VersionStore();
    private Engine engine;
    private EngineVersionStore store;
    private long now;
    private long index;
    private Timestamp horizon = Timestamp.MIN;
    private String where;

    /** How often each kind of operation came up, so that a generator gone dull fails the run. */
    final Counts counts = new Counts();

    static final class Counts {
        int commits;
        int tombstones;
        int stagedCommits;
        int stagedDrops;
        int gcCalls;
        int syncs;
        int flushes;
        int reopens;
        int clears;
        int reads;
        int scans;
        long rowsScanned;
    }

    MvccDifferentialRun(long seed, Path dir, Function<Path, Engine> opener) {
        this.seed = seed;
        this.prng = new Prng(seed);
        this.dir = dir;
        this.opener = opener;
        Set<String> seen = new TreeSet<>();
        byte[] alphabet = {0, 1, 'a', (byte) 0xfe, (byte) 0xff};
        while (keys.size() < KEYS) {
            byte[] key = new byte[prng.nextInt(0, KEY_BYTES_MAX)];
            for (int i = 0; i < key.length; i++) {
                key[i] = alphabet[prng.nextInt(alphabet.length)];
            }
            if (seen.add(Keys.show(key))) {
                keys.add(key);
            }
        }
        keys.sort(Keys.ORDER);
    }

    Counts run(int steps) {
        engine = opener.apply(dir);
        store = EngineVersionStore.open(engine);
        try {
            for (int step = 0; step < steps; step++) {
                where = "seed " + seed + " step " + step;
                step();
            }
            where = "seed " + seed + " at the end";
            sync();
            reopen();
            sync();
        } finally {
            engine.close();
        }
        return counts;
    }

    private void step() {
        double dice = prng.nextDouble();
        if (dice < 0.30) {
            commit();
        } else if (dice < 0.36) {
            beginStaged();
        } else if (dice < 0.48) {
            stageWrite();
        } else if (dice < 0.52) {
            endStaged();
        } else if (dice < 0.64) {
            gc();
        } else if (dice < 0.78) {
            read();
        } else if (dice < 0.88) {
            scan();
        } else if (dice < 0.96) {
            store.flushTo(++index);
            counts.flushes++;
        } else if (dice < 0.99) {
            sync();
        } else if (dice < 0.997) {
            reopen();
        } else {
            clear();
        }
    }

    /** A commit of one to three free keys at one new timestamp. */
    private void commit() {
        Timestamp ts = new Timestamp(++now, prng.nextInt(0, 2));
        for (int n = prng.nextInt(1, 3); n > 0; n--) {
            int k = prng.nextInt(KEYS);
            if (locked.contains(k) || ts.equals(model.latestVersionTs(keys.get(k)))) {
                continue;
            }
            byte[] value = value();
            model.write(keys.get(k), ts, value);
            if (prng.chance(0.5)) {
                store.write(keys.get(k), ts, value);
            } else {
                // The state machine's way: look the key up once and write with what it found.
                store.write(keys.get(k), ts, value, store.newestVersion(keys.get(k)));
            }
            counts.commits++;
            counts.tombstones += value == null ? 1 : 0;
        }
    }

    private byte[] value() {
        if (prng.chance(0.25)) {
            return null;
        }
        byte[] value = new byte[prng.nextInt(0, 5)];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) prng.nextInt(256);
        }
        return value;
    }

    /** A large transaction takes the locks of up to four free keys and a pending timestamp. */
    private void beginStaged() {
        Set<Integer> mine = new LinkedHashSet<>();
        for (int n = prng.nextInt(1, 4); n > 0; n--) {
            int k = prng.nextInt(KEYS);
            if (!locked.contains(k)) {
                mine.add(k);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        locked.addAll(mine);
        Timestamp ts = new Timestamp(++now, 0);
        model.beginPending(ts);
        store.beginPending(ts);
        staged.add(new Staged(ts, mine, new LinkedHashSet<>()));
    }

    private void stageWrite() {
        if (staged.isEmpty()) {
            return;
        }
        Staged s = staged.get(prng.nextInt(staged.size()));
        for (int k : s.locked()) {
            if (!s.written().contains(k)) {
                write(s, k);
                return;
            }
        }
    }

    private void write(Staged s, int k) {
        byte[] value = value();
        model.write(keys.get(k), s.ts(), value);
        store.write(keys.get(k), s.ts(), value);
        s.written().add(k);
    }

    /** A staged transaction commits (writing some of its other keys in the commit itself) or is dropped. */
    private void endStaged() {
        if (staged.isEmpty()) {
            return;
        }
        Staged s = staged.remove(prng.nextInt(staged.size()));
        if (prng.chance(0.6)) {
            for (int k : s.locked()) {
                if (!s.written().contains(k) && prng.chance(0.5)) {
                    write(s, k);
                }
            }
            model.commitPending(s.ts());
            store.commitPending(s.ts());
            counts.stagedCommits++;
        } else {
            // The owner names every key it staged, and may name one it never wrote.
            List<byte[]> named = new ArrayList<>();
            s.locked().forEach(k -> named.add(keys.get(k).clone()));
            model.dropPending(s.ts(), named);
            store.dropPending(s.ts(), named);
            counts.stagedDrops++;
        }
        locked.removeAll(s.locked());
    }

    /** A horizon at most {@link #LAG_MAX} behind now, below every pending timestamp, sometimes below an earlier one. */
    private void gc() {
        long highest = now;
        for (Staged s : staged) {
            highest = Math.min(highest, s.ts().wallMicros() - 1);
        }
        long wall = Math.max(0, highest - prng.nextInt(0, LAG_MAX));
        Timestamp at = new Timestamp(wall, prng.nextInt(0, 2));
        int maxKeys = prng.nextInt(0, GC_KEYS_MAX);
        model.gc(at, maxKeys);
        store.gc(at, maxKeys);
        horizon = Timestamp.max(horizon, at);
        counts.gcCalls++;
    }

    /** A timestamp a reader at or after the collected horizon may use. */
    private Timestamp readTs() {
        if (prng.chance(0.1)) {
            return Timestamp.MAX;
        }
        long wall = prng.nextInt((int) horizon.wallMicros(), (int) now + 1);
        Timestamp at = new Timestamp(wall, prng.nextInt(0, 2));
        return at.before(horizon) ? horizon : at;
    }

    private void read() {
        byte[] key = keys.get(prng.nextInt(KEYS));
        Timestamp at = readTs();
        String what = where + ": read of " + Keys.show(key) + " at " + at + " (horizon " + horizon + ")";
        assertThat(store.read(key, at)).as(what).isEqualTo(model.read(key, at));
        assertThat(seen(store, store.readVersion(key, at))).as(what).isEqualTo(seen(model, model.readVersion(key, at)));
        assertThat(seen(store, key, store.latestCommit(key))).as(what).isEqualTo(seen(model, key, model.latestCommit(key)));
        assertThat(seen(store, key, store.latestVersionTs(key))).as(what)
            .isEqualTo(seen(model, key, model.latestVersionTs(key)));
        assertThat(seen(store, store.newestVersion(key))).as(what).isEqualTo(seen(model, model.newestVersion(key)));
        counts.reads++;
    }

    /** A version as a reader after the horizon tells it apart: a tombstone at or below the horizon is the same as none. */
    private Version seen(MvccStore s, Version v) {
        return v != null && v.isTombstone() && !v.commitTs().after(horizon) ? null : v;
    }

    /** The newest timestamp of a key, as {@link #seen(MvccStore, Version)} tells it apart. */
    private Timestamp seen(MvccStore s, byte[] key, Timestamp ts) {
        if (ts == null || ts.after(horizon)) {
            return ts;
        }
        return seen(s, s.readVersion(key, ts)) == null ? null : ts;
    }

    private void scan() {
        int from = prng.nextInt(KEYS);
        int to = prng.nextInt(from, KEYS - 1);
        KeyRange range = new KeyRange(prng.chance(0.2) ? new byte[0] : keys.get(from),
            prng.chance(0.3) ? null : keys.get(to));
        Timestamp at = readTs();
        int limit = LIMITS[prng.nextInt(LIMITS.length)];
        List<KeyValue> rows = model.scan(range, at, limit);
        assertThat(store.scan(range, at, limit)).as("%s: scan of %s at %s limit %d", where, range, at, limit)
            .isEqualTo(rows);
        counts.scans++;
        counts.rowsScanned += rows.size();
    }

    /** Both collect everything the horizon allows; then they must agree on every version and every count. */
    private void sync() {
        model.gc(horizon, Integer.MAX_VALUE);
        store.gc(horizon, Integer.MAX_VALUE);
        List<String> expected = versions(model);
        assertThat(versions(store)).as("%s: every version after a full gc at %s", where, horizon).isEqualTo(expected);
        assertThat(store.versionCount()).as(where).isEqualTo(model.versionCount()).isEqualTo(expected.size());
        assertThat(store.keyCount()).as(where).isEqualTo(model.keyCount());
        assertThat(store.approximateBytes()).as(where).isEqualTo(model.approximateBytes());
        for (int i = 0; i < 8; i++) {
            byte[] key = keys.get(prng.nextInt(KEYS));
            Timestamp at = new Timestamp(prng.nextInt(0, (int) now + 1), prng.nextInt(0, 2));
            assertThat(store.readVersion(key, at)).as("%s: %s at %s", where, Keys.show(key), at)
                .isEqualTo(model.readVersion(key, at));
        }
        counts.syncs++;
    }

    private static List<String> versions(MvccStore s) {
        List<String> all = new ArrayList<>();
        s.forEach((key, ts, value) -> all.add(Keys.show(key) + "@" + ts + "=" + (value == null ? "-" : Keys.show(value))
            + (s.isPending(ts) ? " pending" : "")));
        return all;
    }

    /** A step boundary, then the engine closed and opened again: the store must come back as it was. */
    private void reopen() {
        store.flushTo(++index);
        List<String> before = versions(store);
        long versionCount = store.versionCount();
        long bytes = store.approximateBytes();
        engine.close();
        engine = opener.apply(dir);
        store = EngineVersionStore.open(engine);
        assertThat(store.appliedIndex()).as(where).isEqualTo(index);
        assertThat(versions(store)).as("%s: versions after reopening", where).isEqualTo(before);
        assertThat(store.versionCount()).as(where).isEqualTo(versionCount);
        assertThat(store.approximateBytes()).as(where).isEqualTo(bytes);
        for (Staged s : staged) {
            assertThat(store.isPending(s.ts())).as("%s: %s still pending", where, s.ts()).isTrue();
        }
        counts.reopens++;
    }

    /** Both forget everything, as before installing a snapshot; the transactions in flight are gone with it. */
    private void clear() {
        model.clear();
        store.clear();
        staged.clear();
        locked.clear();
        horizon = Timestamp.MIN;
        counts.clears++;
    }
}
