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
