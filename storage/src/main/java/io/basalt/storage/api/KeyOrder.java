package io.basalt.storage.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/** The order of keys in every engine: unsigned bytes, lexicographic, a prefix before its extensions. */
public final class KeyOrder {
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private KeyOrder() {
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, the exclusive end
     * of the prefix's range; null when there is none (the prefix is empty or all {@code 0xff}),
     * which as a range end means "to the last key".
     */
    public static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    /**
     * Refuses a range whose start is after its end, the check every {@link ReadView#newIterator}
     * makes; a null bound is open and always fine.
     */
    public static void checkRange(byte[] start, byte[] end) {
        if (start != null && end != null && compare(start, end) > 0) {
            throw new IllegalArgumentException("range start " + show(start) + " is after its end " + show(end));
        }
    }

    /** Printable form for messages: the text when it is printable ASCII, otherwise hex. */
    public static String show(byte[] key) {
        if (key == null) {
            return "null";
        }
        boolean printable = true;
        for (byte b : key) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        return printable ? "'" + new String(key, StandardCharsets.US_ASCII) + "'" : "0x" + HexFormat.of().formatHex(key);
    }
}
