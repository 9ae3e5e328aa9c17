package io.basalt.txn.mvcc;

import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.StorageCorruptionException;
import io.basalt.txn.Timestamp;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where {@link EngineVersionStore} puts things in an engine's key space, and how its keys and
 * values are encoded.
 *
 * <pre>
 * 0x01 "mvcc"                                  the store's metadata ({@link StoreMeta})
 * 0x02 escaped(user key) 0x00 0x01 ~wall ~logical   one version: tag byte, then the value
 * </pre>
 *
 * <p>The user key is escaped so that the engine's byte order is the user keys' order and one
 * key's versions never interleave with another's: each {@code 0x00} byte becomes
 * {@code 0x00 0xff}, and the key ends with the terminator {@code 0x00 0x01}. A terminator sorts
 * below any continuation of the key ({@code 0x00 0xff} or a byte above {@code 0x00}), so a key
 * comes before its extensions, and since an escaped key holds {@code 0x00} only before
 * {@code 0xff}, "starts with escaped(k) 0x00 0x01" means exactly "is a version of k".
 *
 * <p>The commit timestamp follows, each part bitwise inverted and big-endian (8 bytes of wall
 * time, 4 of logical), so a key's newest version sorts first: a read at T seeks to (key, T)
 * and the first entry it lands on is the newest version at or before T.
 *
 * <p>A value is one tag byte, {@link #TAG_VALUE} followed by the value's bytes or
 * {@link #TAG_TOMBSTONE} alone.
 *
 * <p>Prefix {@code 0x01} is the replica's local metadata; the store owns only the name
 * {@code "mvcc"} in it, and the state machine's own metadata (sessions, transaction outcomes,
 * staged transactions) is to go under other names there. Prefix {@code 0x00} is unused.
 */
final class VersionKeys {
    static final byte LOCAL_PREFIX = 0x01;
    static final byte VERSION_PREFIX = 0x02;
    static final byte[] META_KEY = {LOCAL_PREFIX, 'm', 'v', 'c', 'c'};
    /** The version key space: {@code [VERSIONS_START, VERSIONS_END)}. */
    static final byte[] VERSIONS_START = {VERSION_PREFIX};
    static final byte[] VERSIONS_END = {VERSION_PREFIX + 1};

    static final byte TAG_TOMBSTONE = 0;
    static final byte TAG_VALUE = 1;

    private static final byte ESCAPE = (byte) 0xff;
    private static final byte TERMINATOR = 0x01;
    /** A byte after the terminator's: {@code escaped(k) 0x00 0x02} is past every version of k and before any other key. */
    private static final byte PAST_TERMINATOR = 0x02;
    private static final int TIMESTAMP_BYTES = 12;

    private VersionKeys() {
    }

    /**
     * The smallest engine key of {@code userKey}'s versions: prefix, escaped key, terminator.
     * Every version's engine key is this <em>start</em> followed by the timestamp.
     */
    static byte[] start(byte[] userKey) {
        int zeros = 0;
        for (byte b : userKey) {
            zeros += b == 0 ? 1 : 0;
        }
        byte[] start = new byte[1 + userKey.length + zeros + 2];
        start[0] = VERSION_PREFIX;
        int at = 1;
        for (byte b : userKey) {
            start[at++] = b;
            if (b == 0) {
                start[at++] = ESCAPE;
            }
        }
        start[at++] = 0;
        start[at] = TERMINATOR;
        return start;
    }

    /** The start of the key whose version {@code engineKey} is. */
    static byte[] startOf(byte[] engineKey) {
        check(engineKey);
        return Arrays.copyOf(engineKey, engineKey.length - TIMESTAMP_BYTES);
    }

    /** The engine key just past every version of the key that begins at {@code start}, and before every later key's. */
    static byte[] end(byte[] start) {
        byte[] end = start.clone();
        end[end.length - 1] = PAST_TERMINATOR;
        return end;
    }

    /** The engine key of the version at {@code commitTs} of the key that begins at {@code start}. */
    static byte[] version(byte[] start, Timestamp commitTs) {
        byte[] key = Arrays.copyOf(start, start.length + TIMESTAMP_BYTES);
        ByteBuffer.wrap(key).putLong(start.length, ~commitTs.wallMicros()).putInt(start.length + 8, ~commitTs.logical());
        return key;
    }

    /** Whether {@code engineKey} is a version of the key that begins at {@code start}. */
    static boolean isVersionOf(byte[] engineKey, byte[] start) {
        return engineKey.length == start.length + TIMESTAMP_BYTES
            && Arrays.equals(engineKey, 0, start.length, start, 0, start.length);
    }

    /** The length of the user key that begins at {@code start}: its escaped length less one per escape. */
    static int userKeyLength(byte[] start) {
        int length = 0;
        for (int i = 1; i < start.length - 2; i++) {
            i += start[i] == 0 ? 1 : 0;
            length++;
        }
        return length;
    }

    /** The user key that begins at {@code start} ({@link #startOf} checked its terminator). */
    static byte[] userKey(byte[] start) {
        int end = start.length - 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream(end);
        for (int i = 1; i < end; i++) {
            out.write(start[i]);
            if (start[i] == 0) {
                if (start[i + 1] != ESCAPE) {
                    throw corrupt(start, "a 0x00 byte not escaped");
                }
                i++;
            }
        }
        return out.toByteArray();
    }

    /** The commit timestamp of a version's engine key. */
    static Timestamp commitTs(byte[] engineKey) {
        check(engineKey);
        int at = engineKey.length - TIMESTAMP_BYTES;
        ByteBuffer buffer = ByteBuffer.wrap(engineKey);
        long wall = ~buffer.getLong(at);
        int logical = ~buffer.getInt(at + 8);
        if (wall < 0 || logical < 0) {
            throw corrupt(engineKey, "a negative timestamp");
        }
        return new Timestamp(wall, logical);
    }

    /** The stored form of a version's value; null is a tombstone. */
    static byte[] value(byte[] value) {
        if (value == null) {
            return new byte[] {TAG_TOMBSTONE};
        }
        byte[] stored = new byte[value.length + 1];
        stored[0] = TAG_VALUE;
        System.arraycopy(value, 0, stored, 1, value.length);
        return stored;
    }

    /** The value of a stored version, null for a tombstone; {@code engineKey} is for the message if it is damaged. */
    static byte[] decodeValue(byte[] engineKey, byte[] stored) {
        if (stored.length == 1 && stored[0] == TAG_TOMBSTONE) {
            return null;
        }
        if (stored.length == 0 || stored[0] != TAG_VALUE) {
            throw corrupt(engineKey, "a value with tag " + (stored.length == 0 ? "missing" : stored[0])
                + " and " + stored.length + " bytes");
        }
        return Arrays.copyOfRange(stored, 1, stored.length);
    }

    /** Whether a stored version is a tombstone, without copying its value. */
    static boolean isTombstone(byte[] engineKey, byte[] stored) {
        if (stored.length == 1 && stored[0] == TAG_TOMBSTONE) {
            return true;
        }
        if (stored.length == 0 || stored[0] != TAG_VALUE) {
            decodeValue(engineKey, stored);  // throws, naming what is wrong
        }
        return false;
    }

    /** The bytes of a stored version's value (0 for a tombstone), without copying it. */
    static int valueLength(byte[] stored) {
        return stored.length - 1;
    }

    private static void check(byte[] engineKey) {
        int n = engineKey.length;
        if (n < 1 + 2 + TIMESTAMP_BYTES || engineKey[0] != VERSION_PREFIX
            || engineKey[n - TIMESTAMP_BYTES - 2] != 0 || engineKey[n - TIMESTAMP_BYTES - 1] != TERMINATOR) {
            throw corrupt(engineKey, "not a version key");
        }
    }

    private static StorageCorruptionException corrupt(byte[] engineKey, String what) {
        return new StorageCorruptionException("mvcc version key " + KeyOrder.show(engineKey) + " is damaged: " + what);
    }
}
