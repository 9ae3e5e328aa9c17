package io.basalt.sql.store;

/**
 * The keys an index build has written into an index that was empty when the build began, kept
 * as 64-bit hashes, so that a duplicate is found without reading every key back from the store
 * (a read per row is a round trip to the group's leader, and a million of them made most of
 * {@code ADD PRIMARY KEY}'s time on a million-row table). Only a key whose hash was seen before
 * is read back: the transaction sees its own writes, so the read finds a real duplicate and
 * clears a mere collision. Open addressing over a {@code long} array, at most half full: about
 * 16 to 32 bytes a key.
 */
final class NewKeys {
    private static final int INITIAL_SLOTS = 1 << 10;

    /** Hashes, 0 for an empty slot (a key hashing to 0 is stored as 1). */
    private long[] slots = new long[INITIAL_SLOTS];
    private int size;

    /**
     * Records {@code key}; false if a key with the same hash was recorded before, when the
     * caller must look the key up to know whether it is a duplicate.
     */
    boolean add(byte[] key) {
        long h = hash(key);
        int mask = slots.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (slots[i] == h) {
                return false;
            }
            if (slots[i] == 0) {
                slots[i] = h;
                if (++size * 2 > slots.length) {
                    grow();
                }
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long h : old) {
            if (h != 0) {
                int i = (int) h & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = h;
            }
        }
    }

    /** 64-bit FNV-1a, then a finalizer that spreads it over the low bits the table uses. */
    static long hash(byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
