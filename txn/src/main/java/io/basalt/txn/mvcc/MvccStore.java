package io.basalt.txn.mvcc;

import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import java.util.List;

/**
 * The committed versions of every key. A read at timestamp {@code at} sees, for each key, the
 * newest version committed at or before {@code at}; a tombstone hides the key.
 *
 * <p>The rules every implementation keeps, so that callers cannot tell them apart:
 * <ul>
 *   <li>A key's commit timestamps strictly increase. Once {@link #gc} has collected below a
 *       horizon, writes at or below it are refused: the versions they would be ordered against
 *       may be gone, and a read at the horizon must keep seeing what it saw. Either breach is a
 *       bug in whoever assigned the timestamp, so it fails an invariant.</li>
 *   <li>A transaction too large to apply in one step writes its versions ahead, at its commit
 *       timestamp, while that timestamp is <em>pending</em> ({@link #beginPending}): reads skip
 *       them until {@link #commitPending} makes all of them visible at once, or
 *       {@link #dropPending} takes them out. A pending version is always its key's newest (its
 *       writer holds the key's lock).</li>
 *   <li>Arrays passed in are copied. Arrays handed out must be treated as read-only: an
 *       implementation may share its own.</li>
 *   <li>One thread: the replica's apply thread, which also serves its leader's reads.</li>
 * </ul>
 *
 * <p>{@link VersionStore} keeps everything in memory; {@link EngineVersionStore} keeps the
 * versions in a {@code storage.api.Engine}, written atomically with the applied index.
 */
public interface MvccStore {
    /**
     * Records a committed write of {@code key} at {@code commitTs}; a null {@code value} deletes
     * the key (a tombstone version).
     */
    void write(byte[] key, Timestamp commitTs, byte[] value);

    /**
     * Versions written at {@code commitTs} from now on stay invisible until {@link #commitPending}
     * or {@link #dropPending}. The timestamp must be above the collected horizon.
     */
    void beginPending(Timestamp commitTs);

    /** Makes every version written at {@code commitTs} visible, in one step. */
    void commitPending(Timestamp commitTs);

    /** Removes the versions written at pending {@code commitTs} of {@code written}, as if never written. */
    void dropPending(Timestamp commitTs, Iterable<byte[]> written);

    /** Whether versions at {@code commitTs} are written but not visible yet. */
    boolean isPending(Timestamp commitTs);

    /** The commit timestamp of {@code key}'s newest version, pending or not, or null. */
    Timestamp latestVersionTs(byte[] key);

    /**
     * {@code key}'s newest version, pending or not, tombstones included; null if it has none.
     * With {@link #write(byte[], Timestamp, byte[], Version)} it lets a writer that must look
     * at a key before writing it look once.
     */
    Version newestVersion(byte[] key);

    /**
     * As {@link #write(byte[], Timestamp, byte[])}, where {@code newest} is what
     * {@link #newestVersion} returned for {@code key} with nothing written to it since: a store
     * may use it instead of looking the key up again.
     */
    default void write(byte[] key, Timestamp commitTs, byte[] value, Version newest) {
        write(key, commitTs, value);
    }

    /** The value of {@code key} visible at {@code at}: null if it has no version then or the version is a tombstone. */
    default byte[] read(byte[] key, Timestamp at) {
        Version version = readVersion(key, at);
        return version == null ? null : version.value();
    }

    /** The newest visible version of {@code key} committed at or before {@code at}, tombstones included; null if none. */
    Version readVersion(byte[] key, Timestamp at);

    /** The newest visible commit timestamp of {@code key}, tombstones included, or null: for write-write conflict checks. */
    default Timestamp latestCommit(byte[] key) {
        Version version = readVersion(key, Timestamp.MAX);
        return version == null ? null : version.commitTs();
    }

    /**
     * The live keys of {@code range} as a read at {@code at} sees them, in key order, at most
     * {@code limit} of them ({@link Integer#MAX_VALUE} for all; zero or less returns none).
     */
    List<KeyValue> scan(KeyRange range, Timestamp at, int limit);

    /**
     * Drops the versions no read at or after {@code horizon} can see: for each key, everything
     * older than its newest version at or before the horizon, and that version too if it is a
     * tombstone (a read would find nothing either way). Visits at most {@code maxKeys} keys, so
     * a caller spreads the work over many calls; which keys a call visits is the
     * implementation's choice, but repeated calls at one horizon reach every key. Raises the
     * collected horizon to {@code horizon} (it never goes down). Returns the number of versions
     * removed.
     */
    long gc(Timestamp horizon, int maxKeys);

    /** About the bytes held: keys, values and a timestamp's worth per version. */
    long approximateBytes();

    /** Versions held, pending ones and tombstones included. */
    long versionCount();

    /** Keys with at least one version (deleted ones until their versions are collected). */
    int keyCount();

    /** Every version in (key, commit timestamp) order, pending ones too, for snapshots. */
    void forEach(VersionVisitor visitor);

    /** Forgets every version, the pending timestamps and the collected horizon, as before installing a snapshot. */
    void clear();
}
