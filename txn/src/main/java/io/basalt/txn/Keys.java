package io.basalt.txn;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Keys are byte arrays ordered as unsigned bytes, the order of the key encoding. */
public final class Keys {
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private Keys() {
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /**
     * A hash of the key's content for hash maps: FNV-1a over the bytes, then MurmurHash3's
     * finalizer. {@link Arrays#hashCode(byte[])} gives keys that differ only in their last bytes
     * (rows keyed by an integer) so few distinct values that maps of a million such keys ran as
     * collision trees.
     */
    public static int hash(byte[] key) {
        int h = 0x811c9dc5;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** Printable form for messages: UTF-8 text when it is printable ASCII, otherwise hex. */
    public static String show(byte[] key) {
        boolean printable = true;
        for (byte b : key) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        if (printable) {
            return "'" + new String(key, StandardCharsets.US_ASCII) + "'";
        }
        return "0x" + java.util.HexFormat.of().formatHex(key);
    }
}
