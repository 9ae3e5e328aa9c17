package io.basalt.txn.mvcc;

import io.basalt.common.Invariants;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Keys;
import io.basalt.txn.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The committed versions of every key, in memory: the reference {@link MvccStore} that the
 * differential tests hold {@link EngineVersionStore} to ({@code KvStateMachine} uses the engine
 * store, on a memory engine where nothing is to be kept). A read at timestamp
 * {@code at} sees, for each key, the newest version committed at or before {@code at}; a
 * tombstone hides the key.
 *
 * <p>Keys are kept in a sorted map in {@link Keys#ORDER}, and each key's versions in an array
 * list in ascending commit order: writes append, and a read of the newest version, the common
 * case, looks at the last element before falling back to a binary search.
 *
 * <p>Arrays passed in are copied, so a caller reusing its buffers cannot change committed
 * history. Arrays handed out (values, keys in scans and visits) are the store's own and are not
 * copied, because reads are the hot path: callers must treat them as read-only.
 *
 * <p>Once {@link #gc} has collected below a horizon, writes at or below it are refused: the
 * versions they would be ordered against may be gone, and a read at the horizon must keep
 * seeing what it saw.
 *
 * <p>{@link #gc} visits only keys that have something to drop. A key with one live version
 * never does, and in a table that is mostly read that is nearly every key, so walking all keys
 * would cost each call work in proportion to the table while it finds nothing. Instead every
 * key that will have something to drop once the horizon passes some timestamp is queued under
 * that timestamp: it enters the queue when a write gives it an older version to drop or writes
 * a tombstone, so the queue holds at most one entry per key and never more entries than
 * versions.
 *
 * <p>A transaction too large to apply in one step writes its versions ahead, at its commit
 * timestamp, while that timestamp is <em>pending</em> ({@link #beginPending}): reads skip them
 * until {@link #commitPending} makes all of them visible at once, or {@link #dropPending} takes
 * them out. A pending version is always its key's newest (the key is locked by its writer).
 */
public final class VersionStore implements MvccStore {
    /** What a version adds to {@link #approximateBytes} besides its value: its timestamp. */
    private static final int VERSION_OVERHEAD_BYTES = 12;
    /** Queue order: the timestamp from which there is something to drop, then the key. */
    private static final Comparator<Collectable> DUE_ORDER =
        Comparator.comparing(Collectable::from).thenComparing(Collectable::key, Keys.ORDER);

    private final NavigableMap<byte[], ArrayList<Version>> keys = new TreeMap<>(Keys.ORDER);
    /**
     * The same version lists as {@link #keys}, by key content: a point read or write costs a
     * hash and one comparison instead of a walk of some twenty byte-array comparisons down the
     * tree (a tenth of a leader's time under pgbench's TPC-B load went to those comparisons).
     * Ordered access (scans) still uses {@link #keys}; both always hold the same keys.
     */
    private final HashMap<KeyRef, ArrayList<Version>> byKey = new HashMap<>();
    /**
     * Exactly the keys for which {@link #collectableFrom} is not null, each once, under that
     * timestamp. Writes only append, which never changes it once set, so a write queues a key
     * only when it was not collectable before; {@link #gc} takes a key out and queues it again
     * under the timestamp its remaining versions give.
     */
    private final NavigableSet<Collectable> gcQueue = new TreeSet<>(DUE_ORDER);
    /** Commit timestamps whose versions are written but not visible yet. */
    private final Set<Timestamp> pending = new HashSet<>();
    private long versionCount;
    /** Bytes of keys and values held, counted as versions come and go. */
    private long bytes;
    /** The highest horizon collected so far; history at or below it is frozen. */
    private Timestamp gcHorizon = Timestamp.MIN;
    /** Keys {@link #gc} has collected, counted since the store was created: its work, for tests. */
    private long gcKeysVisited;

    /** A key compared by content, for {@link #byKey}; the array is never changed while in the map. */
    private record KeyRef(byte[] key, int hash) {
        KeyRef(byte[] key) {
            this(key, Keys.hash(key));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyRef other && other.hash == hash && Arrays.equals(other.key, key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A key with versions to drop once the gc horizon reaches {@code from}. */
    private record Collectable(Timestamp from, byte[] key) {
    }

    /**
     * Records a committed write of {@code key} at {@code commitTs}; a null {@code value} deletes
     * the key. Commit timestamps of a key strictly increase: anything else is a bug in whoever
     * assigned them, so it fails an invariant.
     */
    @Override
    public void write(byte[] key, Timestamp commitTs, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(commitTs, "commit timestamp");
        // The key is shown only when a check fails: formatting it for every write cost 3% of a
        // leader's CPU under single-row updates.
        if (!commitTs.after(gcHorizon)) {
            Invariants.check(false, "write of %s at %s is at or below the collected horizon %s", Keys.show(key),
                commitTs, gcHorizon);
        }
        ArrayList<Version> versions = byKey.get(new KeyRef(key));
        if (versions == null) {
            versions = new ArrayList<>(2);
            byte[] own = key.clone();
            keys.put(own, versions);
            byKey.put(new KeyRef(own), versions);
            bytes += key.length;
        } else {
            Timestamp newest = versions.getLast().commitTs();
            if (!commitTs.after(newest)) {
                Invariants.check(false, "write of %s at %s is not after its newest version at %s", Keys.show(key),
                    commitTs, newest);
            }
        }
        boolean alreadyQueued = !versions.isEmpty() && collectableFrom(versions) != null;
        versions.add(new Version(commitTs, value == null ? null : value.clone()));
        versionCount++;
        bytes += VERSION_OVERHEAD_BYTES + (value == null ? 0 : value.length);
        if (!alreadyQueued) {
            Timestamp from = collectableFrom(versions);
            if (from != null) {
                gcQueue.add(new Collectable(from, key.clone()));
            }
        }
    }

    /**
     * Versions written at {@code commitTs} from now on stay invisible until {@link #commitPending}
     * or {@link #dropPending}. The timestamp must be above the collected horizon.
     */
    @Override
    public void beginPending(Timestamp commitTs) {
        Invariants.check(commitTs.after(gcHorizon), "pending commit at %s is at or below the collected horizon %s",
            commitTs, gcHorizon);
        pending.add(commitTs);
    }

    /** Makes every version written at {@code commitTs} visible, in one step. */
    @Override
    public void commitPending(Timestamp commitTs) {
        Invariants.check(pending.remove(commitTs), "commit of %s, which is not pending", commitTs);
    }

    /** Removes the versions written at pending {@code commitTs} of {@code written}, as if never written. */
    @Override
    public void dropPending(Timestamp commitTs, Iterable<byte[]> written) {
        Invariants.check(pending.contains(commitTs), "drop of %s, which is not pending", commitTs);
        for (byte[] key : written) {
            ArrayList<Version> versions = byKey.get(new KeyRef(key));
            if (versions == null || !versions.getLast().commitTs().equals(commitTs)) {
                continue;
            }
            Timestamp from = collectableFrom(versions);
            if (from != null) {
                gcQueue.remove(new Collectable(from, key));
            }
            Version dropped = versions.removeLast();
            versionCount--;
            bytes -= sizeOf(dropped);
            if (versions.isEmpty()) {
                keys.remove(key);
                byKey.remove(new KeyRef(key));
                bytes -= key.length;
            } else {
                Timestamp after = collectableFrom(versions);
                if (after != null) {
                    gcQueue.add(new Collectable(after, key.clone()));
                }
            }
        }
        pending.remove(commitTs);
    }

    /** The commit timestamp of {@code key}'s newest version, pending or not, or null. */
    @Override
    public Timestamp latestVersionTs(byte[] key) {
        ArrayList<Version> versions = byKey.get(new KeyRef(key));
        return versions == null ? null : versions.getLast().commitTs();
    }

    @Override
    public Version newestVersion(byte[] key) {
        ArrayList<Version> versions = byKey.get(new KeyRef(key));
        return versions == null ? null : versions.getLast();
    }

    /** Whether versions at {@code commitTs} are written but not visible yet. */
    @Override
    public boolean isPending(Timestamp commitTs) {
        return !pending.isEmpty() && pending.contains(commitTs);
    }

    /** The value of {@code key} visible at {@code at}: null if it has no version then or the version is a tombstone. */
    @Override
    public byte[] read(byte[] key, Timestamp at) {
        Version version = readVersion(key, at);
        return version == null ? null : version.value();
    }

    /** The newest version of {@code key} committed at or before {@code at}, tombstones included; null if none. */
    @Override
    public Version readVersion(byte[] key, Timestamp at) {
        Objects.requireNonNull(at, "read timestamp");
        ArrayList<Version> versions = byKey.get(new KeyRef(key));
        if (versions == null) {
            return null;
        }
        int i = visible(versions, at);
        return i < 0 ? null : versions.get(i);
    }

    /** The newest commit timestamp of {@code key}, tombstones included, or null: for write-write conflict checks. */
    @Override
    public Timestamp latestCommit(byte[] key) {
        ArrayList<Version> versions = byKey.get(new KeyRef(key));
        if (versions == null) {
            return null;
        }
        int i = visible(versions, Timestamp.MAX);
        return i < 0 ? null : versions.get(i).commitTs();
    }

    /**
     * The live keys of {@code range} as a read at {@code at} sees them, in key order, at most
     * {@code limit} of them ({@link Integer#MAX_VALUE} for all; zero or less returns none).
     */
    @Override
    public List<KeyValue> scan(KeyRange range, Timestamp at, int limit) {
        Objects.requireNonNull(at, "read timestamp");
        List<KeyValue> rows = new ArrayList<>();
        if (limit <= 0 || range.isEmpty()) {
            return rows;
        }
        NavigableMap<byte[], ArrayList<Version>> inRange = range.end() == null
            ? keys.tailMap(range.start(), true)
            : keys.subMap(range.start(), true, range.end(), false);
        for (Map.Entry<byte[], ArrayList<Version>> entry : inRange.entrySet()) {
            ArrayList<Version> versions = entry.getValue();
            int i = visible(versions, at);
            if (i >= 0 && !versions.get(i).isTombstone()) {
                Version v = versions.get(i);
                rows.add(new KeyValue(entry.getKey(), v.value(), v.commitTs()));
                if (rows.size() >= limit) {
                    break;
                }
            }
        }
        return rows;
    }

    /**
     * Drops the versions no read at or after {@code horizon} can see: for each key, everything
     * older than its newest version at or before the horizon, and that version too if it is a
     * tombstone (a read would find nothing either way). Visits at most {@code maxKeys} keys, so
     * a caller spreads the work over many calls, and only keys that have something to drop at
     * this horizon, the earliest due first: a key with one live version costs nothing. Returns
     * the number of versions removed.
     */
    @Override
    public long gc(Timestamp horizon, int maxKeys) {
        Objects.requireNonNull(horizon, "gc horizon");
        gcHorizon = Timestamp.max(gcHorizon, horizon);
        long removed = 0;
        for (int visited = 0; visited < maxKeys && !gcQueue.isEmpty(); visited++) {
            if (gcQueue.first().from().after(horizon)) {
                break;  // the queue is in due order, so nothing behind it is due either
            }
            byte[] key = gcQueue.pollFirst().key();
            ArrayList<Version> versions = byKey.get(new KeyRef(key));
            int dropped = collect(versions, horizon);
            if (dropped == 0) {
                Invariants.check(false, "gc of %s at %s found nothing to drop although it was queued",
                    Keys.show(key), horizon);
            }
            removed += dropped;
            gcKeysVisited++;
            if (versions.isEmpty()) {
                keys.remove(key);
                byKey.remove(new KeyRef(key));
                bytes -= key.length;
            } else {
                // Always after the horizon: what is left is the newest version at or before it,
                // live, and newer ones. So one call never takes the same key twice.
                Timestamp from = collectableFrom(versions);
                if (from != null) {
                    gcQueue.add(new Collectable(from, key));
                }
            }
        }
        versionCount -= removed;
        return removed;
    }

    /** Removes from one key's versions what no read at or after {@code horizon} can see; returns how many. */
    private int collect(ArrayList<Version> versions, Timestamp horizon) {
        int visible = visibleIndex(versions, horizon);
        if (visible < 0) {
            return 0;
        }
        int drop = versions.get(visible).isTombstone() ? visible + 1 : visible;
        List<Version> gone = versions.subList(0, drop);
        for (Version v : gone) {
            bytes -= sizeOf(v);
        }
        gone.clear();
        return drop;
    }

    /**
     * The lowest horizon at which {@link #collect} drops something from {@code versions}, or null
     * if no horizon does (one live version). That is the oldest version if it is a tombstone,
     * else the second oldest: at or after it the oldest is no longer the newest visible one.
     */
    private static Timestamp collectableFrom(List<Version> versions) {
        Version oldest = versions.getFirst();
        if (oldest.isTombstone()) {
            return oldest.commitTs();
        }
        return versions.size() > 1 ? versions.get(1).commitTs() : null;
    }

    /** Keys {@link #gc} has collected since the store was created; each had something to drop. */
    long gcKeysVisited() {
        return gcKeysVisited;
    }

    /** About the bytes held: keys, values and a timestamp's worth per version. */
    @Override
    public long approximateBytes() {
        return bytes;
    }

    private static long sizeOf(Version v) {
        return VERSION_OVERHEAD_BYTES + (v.value() == null ? 0 : v.value().length);
    }

    @Override
    public long versionCount() {
        return versionCount;
    }

    @Override
    public int keyCount() {
        return keys.size();
    }

    /** Every version in (key, commit timestamp) order, pending ones too, for snapshots. */
    @Override
    public void forEach(VersionVisitor visitor) {
        for (Map.Entry<byte[], ArrayList<Version>> entry : keys.entrySet()) {
            for (Version v : entry.getValue()) {
                visitor.visit(entry.getKey(), v.commitTs(), v.value());
            }
        }
    }

    /** Forgets every version and the collected horizon, as before installing a snapshot. */
    @Override
    public void clear() {
        keys.clear();
        byKey.clear();
        gcQueue.clear();
        pending.clear();
        bytes = 0;
        versionCount = 0;
        gcHorizon = Timestamp.MIN;
    }

    /** The index of the newest visible version committed at or before {@code at}, or -1. */
    private int visible(List<Version> versions, Timestamp at) {
        int i = visibleIndex(versions, at);
        while (i >= 0 && !pending.isEmpty() && pending.contains(versions.get(i).commitTs())) {
            i--;
        }
        return i;
    }

    /** The index of the newest version committed at or before {@code at}, or -1. */
    private static int visibleIndex(List<Version> versions, Timestamp at) {
        int last = versions.size() - 1;
        if (!versions.get(last).commitTs().after(at)) {
            return last;  // the common case: reading the newest version
        }
        int lo = 0;
        int hi = last - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (versions.get(mid).commitTs().after(at)) {
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return hi;
    }
}
