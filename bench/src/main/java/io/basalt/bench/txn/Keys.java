package io.basalt.bench.txn;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark's keys. Each load has its own prefix so that loads never touch each other's
 * keys: {@code t/0000042} (the preloaded space, zero-padded so that a scan reads them in
 * order), {@code hot/03} (the hot spot), {@code dl/17/x} (one deadlock trial).
 */
final class Keys {
    private static final int DIGITS = 7;
    static final int SPACE_MAX = 10_000_000;

    private Keys() {}

    static byte[] spaceKey(int i) {
        return String.format("t/%0" + DIGITS + "d", i).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] hotKey(int i) {
        return String.format("hot/%02d", i).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] deadlockKey(int trial, String name) {
        return ("dl/" + trial + "/" + name).getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code n} distinct numbers out of {@code [0, bound)}, in random order. */
    static int[] distinct(ThreadLocalRandom rnd, int n, int bound) {
        if (n > bound) {
            throw new IllegalArgumentException("cannot pick " + n + " distinct keys out of " + bound);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int v;
            boolean seen;
            do {
                v = rnd.nextInt(bound);
                seen = false;
                for (int j = 0; j < i; j++) {
                    seen |= out[j] == v;
                }
            } while (seen);
            out[i] = v;
        }
        return out;
    }

    static byte[] counter(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    /** A counter value; an absent key counts as 0. */
    static long counterOf(byte[] value) {
        if (value == null) {
            return 0;
        }
        if (value.length != Long.BYTES) {
            throw new IllegalStateException("a hot-spot key holds " + value.length + " bytes, not a counter");
        }
        return ByteBuffer.wrap(value).getLong();
    }
}
