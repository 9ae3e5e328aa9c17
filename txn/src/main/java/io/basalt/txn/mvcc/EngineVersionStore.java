package io.basalt.txn.mvcc;

import io.basalt.common.Invariants;
import io.basalt.storage.api.Engine;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.EngineLimits;
import io.basalt.storage.api.WriteBatch;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Keys;
import io.basalt.txn.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The committed versions of every key, stored in a {@code storage.api.Engine} under (key,
 * commit timestamp) as {@link VersionKeys} lays them out, so the versions of a replica can
 * outgrow its heap and survive a restart. It answers every {@link MvccStore} call exactly as
 * {@link VersionStore} does, except which keys one {@link #gc} call visits.
 *
 * <p><b>Steps.</b> The store's owner, a state machine, applies its log one step at a time.
 * Writes of a step ({@link #write}, {@link #dropPending}, {@link #gc}, {@link #clear}, and the
 * pending and horizon changes) collect in a {@link StepOverlay} that every read of the store
 * sees, so a command reads what an earlier command of the same step wrote; {@link #flushTo}
 * then writes them, with the metadata they changed, in one {@link Engine#apply} together with
 * the step's applied index. A crash therefore keeps all of a step or none of it, and the
 * engine's applied index names the last step whose versions it holds. Writes that belong to no
 * log entry, such as a gc call between entries, are flushed with the current index
 * ({@link #appliedIndex()}), which the engine allows.
 *
 * <p><b>Reads.</b> A read of a key at T opens a cursor on that key's versions, seeks to (key, T)
 * and looks at the first entry, stepping over pending ones (at most the key's newest). A scan
 * looks at each key's first entry, seeks to (key, T) only if that version is newer than T, and
 * after the visible version steps once, seeking past the key's remaining versions only if the
 * step did not already reach the next key.
 *
 * <p><b>Metadata.</b> Counts, the collected horizon and the pending timestamps live in memory
 * and under one metadata key ({@link StoreMeta}), rewritten in a step's batch when the step
 * changed them; {@link #open} reads them back. The counts are exact, so
 * {@link #approximateBytes} is the same figure as {@link VersionStore}'s (keys, values and 12
 * bytes per version), not the engine's size on disk.
 *
 * <p><b>Garbage collection</b> visits only keys that may have something to drop. A write
 * that leaves an older version or a tombstone behind queues its key, in memory, with its commit
 * timestamp; a gc call takes keys off the queue while their timestamp is at or below the
 * horizon, at most {@code maxKeys} of them, seeks to (key, horizon) and drops what lies behind
 * the version it lands on. A key that keeps versions only a later horizon may drop goes back
 * on the queue at its newest version's timestamp. The queue is not stored: after a restart,
 * and if the queue outgrows {@link #DUE_MAX} (a horizon held back by a long transaction while
 * writes go on), a sweep in key order visits every key once instead, at most {@code maxKeys}
 * per call, queueing what it cannot drop yet; after an overflow it waits for a horizon past
 * the one that overflowed, since a sweep there would queue everything again. So the work
 * of gc follows the garbage, not the size of the table, and stays bounded per call.
 *
 * <p>A queued key also carries the timestamp of its oldest version when that is known (a key
 * outside the queue has one version, unless a sweep is due), and gc never steps past it: the
 * versions dropped before lie behind it as engine tombstones until compaction removes them, so
 * for a key rewritten all day, one step too far would walk every version it ever dropped. With
 * TPC-B's ten branch rows, that walk made gc about 95% of the work of a write after 30,000
 * transactions (throughput down from about 1,850 to 420 transactions a second in a storage-only
 * loop); knowing the oldest keeps it flat.
 *
 * <p>Arrays handed out are copies. One thread, as for the engine's writer.
 */
public final class EngineVersionStore implements MvccStore {
    /** What a version adds to {@link #approximateBytes} besides its value, as in {@link VersionStore}. */
    private static final int VERSION_OVERHEAD_BYTES = 12;

    private final Engine engine;
    private final StepOverlay step = new StepOverlay();
    /** Commit timestamps whose versions are written but not visible yet; stored in the metadata. */
    private final Set<Timestamp> pending = new HashSet<>();
    private long versionCount;
    private long keyCount;
    private long bytes;
    /** The highest horizon collected so far; history at or below it is frozen. */
    private Timestamp gcHorizon;
    /** Whether the metadata changed since the last flush. */
    private boolean metaChanged;
    /** Most keys queued for gc before the queue gives way to a sweep; about 150 bytes of heap each. */
    static final int DUE_MAX = 250_000;

    /** A key ({@link VersionKeys#start}) with something gc may drop once the horizon reaches {@code from}. */
    private record Due(byte[] start, Timestamp from) {
    }

    /** A key's start compared by content, for {@link #queued}. */
    private record StartRef(byte[] start) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StartRef r && java.util.Arrays.equals(start, r.start);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(start);
        }
    }

    /** Versions newer than the horizon that a gc visit steps over before it seeks to the horizon instead. */
    private static final int NEWER_STEPS_MAX = 8;

    /** Keys with something to drop, the earliest due first. */
    private final PriorityQueue<Due> due = new PriorityQueue<>(
        Comparator.comparing(Due::from).thenComparing(Due::start, KeyOrder.ORDER));
    /**
     * How a key waits in {@link #due}: the earliest timestamp it is queued at (an entry of
     * {@link #due} at a later one is left over from before and skipped), and the commit timestamp
     * of its oldest version when that is known, else null.
     *
     * <p>The oldest version matters because the versions gc deleted before lie right behind it:
     * a delete in the engine leaves a tombstone that an iterator stepping forward must walk over
     * until compaction removes it, so for a key rewritten all day one step past its oldest
     * version costs a walk over every version it ever dropped. Knowing the oldest, gc stops
     * there instead.
     */
    private record Queued(Timestamp from, Timestamp oldest) {
    }

    /** The keys in {@link #due}. */
    private final Map<StartRef, Queued> queued = new HashMap<>();
    /** Whether keys outside the queue may hold garbage, so a sweep must visit every key. */
    private boolean sweepNeeded;
    /** The start of the key the sweep visits next; null for the first key. */
    private byte[] gcCursor;
    /**
     * The sweep runs only in calls whose horizon is after this: the horizon at which the queue
     * overflowed, which could drop none of what was queued; a sweep there would queue it all again.
     */
    private Timestamp sweepAfter = Timestamp.MIN;
    /** How many times the queue has overflowed into a sweep. */
    private long overflows;
    /** Keys {@link #gc} has visited since the store was opened: its work, for tests. */
    private long gcKeysVisited;

    private EngineVersionStore(Engine engine, StoreMeta meta) {
        this.engine = engine;
        versionCount = meta.versionCount();
        keyCount = meta.keyCount();
        bytes = meta.bytes();
        gcHorizon = meta.gcHorizon();
        pending.addAll(meta.pending());
        sweepNeeded = versionCount > 0;  // the queue of the process that wrote them is gone
    }

    /**
     * The store whose versions {@code engine} holds (none in a new engine), with the counts,
     * collected horizon and pending timestamps of the last step flushed to it. The store writes
     * only its own keys ({@link VersionKeys}); the engine stays the caller's to close.
     */
    public static EngineVersionStore open(Engine engine) {
        Objects.requireNonNull(engine, "engine");
        return new EngineVersionStore(engine, StoreMeta.decode(engine.get(VersionKeys.META_KEY)));
    }

    /**
     * Writes everything this step changed, in one atomic {@link Engine#apply} with
     * {@code appliedIndex}; reads keep seeing the same. With nothing changed, only the index
     * moves. An index below the engine's is refused by the engine and nothing changes.
     */
    public void flushTo(long appliedIndex) {
        flushTo(appliedIndex, new WriteBatch());
    }

    /**
     * As {@link #flushTo(long)}, with the owner's own writes ({@code alongside}, for example a
     * state machine's session table) after the store's, in the same atomic write. They may not
     * touch the store's keys: the version key space and its metadata key.
     */
    public void flushTo(long appliedIndex, WriteBatch alongside) {
        WriteBatch batch = new WriteBatch();
        step.writeTo(batch);
        if (metaChanged) {
            batch.put(VersionKeys.META_KEY, meta().encode());
        }
        alongside.forEach(new OwnerWrites(batch));
        engine.apply(batch, appliedIndex);
        step.reset();
        metaChanged = false;
    }

    /** Whether this step changed anything that {@link #flushTo} has not written yet. */
    public boolean hasUnflushedWrites() {
        return !step.isEmpty() || metaChanged;
    }

    /** The index of the last step flushed to the engine. */
    public long appliedIndex() {
        return engine.appliedIndex();
    }

    @Override
    public void write(byte[] key, Timestamp commitTs, byte[] value) {
        write(key, commitTs, value, VersionKeys.start(key), newestVersionTs(VersionKeys.start(key)));
    }

    @Override
    public void write(byte[] key, Timestamp commitTs, byte[] value, Version newest) {
        write(key, commitTs, value, VersionKeys.start(key), newest == null ? null : newest.commitTs());
    }

    private void write(byte[] key, Timestamp commitTs, byte[] value, byte[] start, Timestamp newest) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(commitTs, "commit timestamp");
        if (!commitTs.after(gcHorizon)) {
            Invariants.check(false, "write of %s at %s is at or below the collected horizon %s", Keys.show(key),
                commitTs, gcHorizon);
        }
        byte[] engineKey = VersionKeys.version(start, commitTs);
        byte[] stored = VersionKeys.value(value);
        // Refused here rather than when the step is flushed, which would leave the step unflushable.
        if (engineKey.length > EngineLimits.KEY_BYTES_MAX || stored.length > EngineLimits.VALUE_BYTES_MAX) {
            throw new IllegalArgumentException("version of " + Keys.show(key) + " does not fit the engine: key "
                + engineKey.length + " bytes stored (KEY_BYTES_MAX " + EngineLimits.KEY_BYTES_MAX + "), value "
                + stored.length + " bytes stored (VALUE_BYTES_MAX " + EngineLimits.VALUE_BYTES_MAX + ")");
        }
        if (newest == null) {
            keyCount++;
            bytes += key.length;
        } else if (!commitTs.after(newest)) {
            Invariants.check(false, "write of %s at %s is not after its newest version at %s", Keys.show(key),
                commitTs, newest);
        }
        step.put(engineKey, stored);
        if ((newest != null || value == null) && !(sweepNeeded && gcCursor == null)) {
            // (While a sweep from the first key is due and has not begun, it will visit this key
            // anyway and queue it if it cannot drop yet: a bulk load after an overflow skips the
            // queue, which cost a fifth of applying its stages.)
            // A key outside the queue has one version, its newest, unless a sweep is still due
            // (after a restart or an overflow, when keys with older versions are not queued).
            Timestamp oldest = newest == null ? commitTs : sweepNeeded ? null : newest;
            queue(start, commitTs, oldest);
        }
        versionCount++;
        bytes += VERSION_OVERHEAD_BYTES + (value == null ? 0 : value.length);
        metaChanged = true;
    }

    @Override
    public void beginPending(Timestamp commitTs) {
        Invariants.check(commitTs.after(gcHorizon), "pending commit at %s is at or below the collected horizon %s",
            commitTs, gcHorizon);
        metaChanged |= pending.add(commitTs);
    }

    @Override
    public void commitPending(Timestamp commitTs) {
        Invariants.check(pending.remove(commitTs), "commit of %s, which is not pending", commitTs);
        metaChanged = true;
    }

    @Override
    public void dropPending(Timestamp commitTs, Iterable<byte[]> written) {
        Invariants.check(pending.contains(commitTs), "drop of %s, which is not pending", commitTs);
        for (byte[] key : written) {
            byte[] start = VersionKeys.start(key);
            try (OverlayIterator it = step.iterator(engine, start, VersionKeys.end(start))) {
                if (!it.isValid() || !VersionKeys.commitTs(it.key()).equals(commitTs)) {
                    continue;
                }
                drop(it.key(), it.value());
                it.next();
                if (!it.isValid()) {
                    keyCount--;
                    bytes -= key.length;
                    forgetOldest(start);  // a version written later is the key's first
                }
            }
        }
        pending.remove(commitTs);
        metaChanged = true;
    }

    @Override
    public boolean isPending(Timestamp commitTs) {
        return !pending.isEmpty() && pending.contains(commitTs);
    }

    @Override
    public Timestamp latestVersionTs(byte[] key) {
        return newestVersionTs(VersionKeys.start(key));
    }

    @Override
    public Version newestVersion(byte[] key) {
        byte[] start = VersionKeys.start(key);
        try (OverlayIterator it = step.iterator(engine, start, VersionKeys.end(start))) {
            return it.isValid()
                ? new Version(VersionKeys.commitTs(it.key()), VersionKeys.decodeValue(it.key(), it.value()))
                : null;
        }
    }

    @Override
    public Version readVersion(byte[] key, Timestamp at) {
        Objects.requireNonNull(at, "read timestamp");
        byte[] start = VersionKeys.start(key);
        try (OverlayIterator it = step.iterator(engine, VersionKeys.version(start, at), VersionKeys.end(start))) {
            return it.isValid() ? visible(it, start, at) : null;
        }
    }

    @Override
    public List<KeyValue> scan(KeyRange range, Timestamp at, int limit) {
        Objects.requireNonNull(at, "read timestamp");
        List<KeyValue> rows = new ArrayList<>();
        if (limit <= 0 || range.isEmpty()) {
            return rows;
        }
        byte[] end = range.end() == null ? VersionKeys.VERSIONS_END : VersionKeys.start(range.end());
        try (OverlayIterator it = step.iterator(engine, VersionKeys.start(range.start()), end)) {
            while (it.isValid()) {
                byte[] start = VersionKeys.startOf(it.key());
                Version v = visible(it, start, at);
                if (v != null && !v.isTombstone()) {
                    rows.add(new KeyValue(VersionKeys.userKey(start), v.value(), v.commitTs()));
                    if (rows.size() >= limit) {
                        break;
                    }
                }
                if (it.isValid() && VersionKeys.isVersionOf(it.key(), start)) {
                    // A step is cheaper than a seek and reaches the next key when this one has
                    // one version, as most keys do; a longer history is skipped with a seek.
                    it.next();
                    if (it.isValid() && VersionKeys.isVersionOf(it.key(), start)) {
                        it.seek(VersionKeys.end(start));
                    }
                }
            }
        }
        return rows;
    }

    /**
     * The newest version at or before {@code at} that is not pending, of the key that begins at
     * {@code start}, with {@code it} on one of that key's versions; null if none. Leaves
     * {@code it} on the version returned, or past the key.
     */
    private Version visible(OverlayIterator it, byte[] start, Timestamp at) {
        if (VersionKeys.commitTs(it.key()).after(at)) {
            it.seek(VersionKeys.version(start, at));
        }
        for (; it.isValid() && VersionKeys.isVersionOf(it.key(), start); it.next()) {
            Timestamp ts = VersionKeys.commitTs(it.key());
            if (!isPending(ts)) {
                return new Version(ts, VersionKeys.decodeValue(it.key(), it.value()));
            }
        }
        return null;
    }

    /** The commit timestamp of the newest version, pending or not, of the key that begins at {@code start}; null if none. */
    private Timestamp newestVersionTs(byte[] start) {
        try (OverlayIterator it = step.iterator(engine, start, VersionKeys.end(start))) {
            return it.isValid() ? VersionKeys.commitTs(it.key()) : null;
        }
    }

    @Override
    public long gc(Timestamp horizon, int maxKeys) {
        Objects.requireNonNull(horizon, "gc horizon");
        if (horizon.after(gcHorizon)) {
            gcHorizon = horizon;
            metaChanged = true;
        }
        Sweep sweep = new Sweep(horizon, maxKeys);
        while (sweep.visited < maxKeys && !due.isEmpty() && !due.peek().from().after(horizon)) {
            Due d = due.poll();
            StartRef ref = new StartRef(d.start());
            Queued q = queued.get(ref);
            if (q != null && d.from().equals(q.from())) {
                queued.remove(ref);
                sweep.visit(d.start(), q.oldest());
            }
        }
        if (sweepNeeded && sweep.visited < maxKeys && horizon.after(sweepAfter)) {
            byte[] from = gcCursor == null ? VersionKeys.VERSIONS_START : gcCursor;
            long overflowsBefore = overflows;
            byte[] next = sweep.run(from, VersionKeys.VERSIONS_END);
            if (overflows == overflowsBefore) {
                gcCursor = next;
                sweepNeeded = next != null;
            }  // else the queue overflowed under the sweep, which starts again from the first key

        }
        return sweep.removed;
    }

    /**
     * Queues the key that begins at {@code start} for gc at {@code from}, with the timestamp of
     * its oldest version if known ({@code oldest}; a key queued already keeps what it knew);
     * past {@link #DUE_MAX}, a sweep takes over.
     */
    private void queue(byte[] start, Timestamp from, Timestamp oldest) {
        StartRef ref = new StartRef(start);
        Queued already = queued.get(ref);
        if (already != null && !from.before(already.from())) {
            return;  // queued already, no later than this
        }
        if (due.size() >= DUE_MAX) {
            overflows++;
            due.clear();
            queued.clear();
            sweepNeeded = true;
            gcCursor = null;
            sweepAfter = gcHorizon;
            already = null;
        }
        queued.put(ref, new Queued(from, already != null ? already.oldest() : oldest));
        due.add(new Due(start, from));
    }

    /** Records {@code oldest} as the oldest version of a queued key, which gc has just made so. */
    private void setOldest(byte[] start, Timestamp oldest) {
        queued.computeIfPresent(new StartRef(start), (ref, q) -> new Queued(q.from(), oldest));
    }

    /** Forgets the oldest version of a queued key whose versions have all been deleted. */
    private void forgetOldest(byte[] start) {
        setOldest(start, null);
    }

    /** One gc call's visits, sharing its budget. */
    private final class Sweep {
        private final Timestamp horizon;
        private final int maxKeys;
        private int visited;
        private long removed;

        Sweep(Timestamp horizon, int maxKeys) {
            this.horizon = horizon;
            this.maxKeys = maxKeys;
        }

        /** Visits the one key that begins at {@code start}, if it still has versions; {@code oldest} as in {@link Queued}. */
        void visit(byte[] start, Timestamp oldest) {
            visited++;
            gcKeysVisited++;
            try (OverlayIterator it = step.iterator(engine, start, VersionKeys.end(start))) {
                if (it.isValid()) {
                    removed += collect(new KeyCursor(it, oldest), horizon);
                }
            }
        }

        /** Visits the keys of {@code [from, to)} in order while the budget lasts; returns the start of the first key not visited, or null if none is left. */
        byte[] run(byte[] from, byte[] to) {
            try (OverlayIterator it = step.iterator(engine, from, to)) {
                while (it.isValid()) {
                    if (visited >= maxKeys) {
                        return VersionKeys.startOf(it.key());
                    }
                    visited++;
                    gcKeysVisited++;
                    removed += collect(new KeyCursor(it, null), horizon);
                }
            }
            return null;
        }
    }

    /**
     * One key's versions under an iterator, newest first, that does not step past the key's
     * oldest version when it is known: behind it lie only the tombstones of versions gc deleted
     * before. Past the key, the iterator stays where it is (on the oldest version) when that is
     * known, else it has moved past the key.
     */
    private static final class KeyCursor {
        final OverlayIterator it;
        final byte[] start;
        /** The commit timestamp of the key's oldest version, or null if unknown. */
        final Timestamp oldest;
        private boolean past;

        KeyCursor(OverlayIterator it, Timestamp oldest) {
            this.it = it;
            this.start = VersionKeys.startOf(it.key());
            this.oldest = oldest;
        }

        /** Whether the cursor is on one of the key's versions. */
        boolean onKey() {
            return !past;
        }

        Timestamp ts() {
            return VersionKeys.commitTs(it.key());
        }

        boolean isTombstone() {
            return VersionKeys.isTombstone(it.key(), it.value());
        }

        void next() {
            if (oldest != null && ts().equals(oldest)) {
                past = true;
                return;
            }
            it.next();
            past = !it.isValid() || !VersionKeys.isVersionOf(it.key(), start);
        }

        /** To the newest version at or before {@code at}. */
        void seek(Timestamp at) {
            if (oldest != null && oldest.after(at)) {
                past = true;  // every version is newer
                return;
            }
            it.seek(VersionKeys.version(start, at));
            past = !it.isValid() || !VersionKeys.isVersionOf(it.key(), start);
        }
    }

    /**
     * Drops what no read at or after {@code horizon} can see of the key whose newest version
     * {@code c} is on: everything behind its newest version at or before the horizon, and that
     * version too if it is a tombstone. Queues the key again if a later horizon can drop more,
     * and records its oldest version. Leaves {@code c} past the key; returns how many versions
     * were dropped.
     */
    private int collect(KeyCursor c, Timestamp horizon) {
        byte[] start = c.start;
        Timestamp newest = c.ts();
        boolean newer = newest.after(horizon);
        // The oldest of the versions newer than the horizon, once known; what a later horizon
        // can drop becomes droppable when the horizon reaches it.
        Timestamp oldestNewer = null;
        boolean newestIsTombstone = c.isTombstone();
        if (newer) {
            // Step over the newer versions to find it, or, past a few of them, seek and come
            // back as soon as the horizon moves.
            oldestNewer = newest;
            boolean found = false;
            for (int steps = 0; steps < NEWER_STEPS_MAX; steps++) {
                c.next();
                if (!c.onKey() || !c.ts().after(horizon)) {
                    found = true;
                    break;
                }
                oldestNewer = c.ts();
            }
            if (!found) {
                c.seek(horizon);
                oldestNewer = null;
            }
        }
        if (!c.onKey()) {
            // Nothing at or before the horizon: nothing to drop now.
            if (oldestNewer == null) {
                // More versions than the steps reached: nothing is droppable before the horizon
                // reaches the oldest, if that is known.
                queue(start, c.oldest != null && c.oldest.after(horizon) ? c.oldest : horizon.next(), c.oldest);
            } else {
                if (oldestNewer != newest || newestIsTombstone) {
                    queue(start, oldestNewer, oldestNewer);
                }
                setOldest(start, oldestNewer);  // the steps reached the key's end
            }
            return 0;
        }
        boolean tombstone = c.isTombstone();
        Timestamp kept = tombstone ? null : c.ts();
        if (!tombstone) {
            c.next();  // the version a read at the horizon sees stays
        }
        int dropped = 0;
        for (; c.onKey(); c.next()) {
            drop(c.it.key(), c.it.value());
            dropped++;
        }
        if (!newer) {
            if (tombstone) {
                keyCount--;
                bytes -= VersionKeys.userKeyLength(start);
            }
            setOldest(start, kept);  // one version left, or none; the key may be queued by a write during a sweep
            return dropped;
        }
        // Versions newer than the horizon remain. The oldest left is the one kept at the
        // horizon, else (a tombstone dropped) the oldest newer one if the steps found it.
        Timestamp oldest = kept != null ? kept : oldestNewer;
        if (oldestNewer == null) {
            queue(start, horizon.next(), oldest);
        } else if (kept != null || oldestNewer != newest || newestIsTombstone) {
            queue(start, oldestNewer, oldest);
        }
        setOldest(start, oldest);
        return dropped;
    }

    /** Deletes one version, stored as {@code stored} under {@code engineKey}, and takes it off the counts. */
    private void drop(byte[] engineKey, byte[] stored) {
        step.delete(engineKey);
        versionCount--;
        bytes -= VERSION_OVERHEAD_BYTES + VersionKeys.valueLength(stored);
        metaChanged = true;
    }

    /** Keys waiting in the gc queue, for tests. */
    int queuedKeys() {
        return queued.size();
    }

    /** Keys {@link #gc} has visited since the store was opened, whether or not they had anything to drop. */
    long gcKeysVisited() {
        return gcKeysVisited;
    }

    @Override
    public long approximateBytes() {
        return bytes;
    }

    @Override
    public long versionCount() {
        return versionCount;
    }

    @Override
    public int keyCount() {
        return Math.toIntExact(keyCount);
    }

    @Override
    public void forEach(VersionVisitor visitor) {
        List<Version> versions = new ArrayList<>();
        byte[] start = null;
        byte[] userKey = null;
        try (OverlayIterator it = step.iterator(engine, VersionKeys.VERSIONS_START, VersionKeys.VERSIONS_END)) {
            for (; it.isValid(); it.next()) {
                if (start == null || !VersionKeys.isVersionOf(it.key(), start)) {
                    visitOldestFirst(visitor, userKey, versions);
                    start = VersionKeys.startOf(it.key());
                    userKey = VersionKeys.userKey(start);
                }
                versions.add(new Version(VersionKeys.commitTs(it.key()), VersionKeys.decodeValue(it.key(), it.value())));
            }
        }
        visitOldestFirst(visitor, userKey, versions);
    }

    /** Hands one key's versions, gathered newest first as they are stored, to {@code visitor} oldest first. */
    private static void visitOldestFirst(VersionVisitor visitor, byte[] userKey, List<Version> versions) {
        for (Version v : versions.reversed()) {
            visitor.visit(userKey, v.commitTs(), v.value());
        }
        versions.clear();
    }

    @Override
    public void clear() {
        step.clear(VersionKeys.VERSIONS_START, VersionKeys.VERSIONS_END);
        pending.clear();
        versionCount = 0;
        keyCount = 0;
        bytes = 0;
        gcHorizon = Timestamp.MIN;
        due.clear();
        queued.clear();
        sweepNeeded = false;
        gcCursor = null;
        sweepAfter = Timestamp.MIN;
        metaChanged = true;
    }

    private StoreMeta meta() {
        return new StoreMeta(versionCount, keyCount, bytes, gcHorizon, List.copyOf(pending));
    }
}
