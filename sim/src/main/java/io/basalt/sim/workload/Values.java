package io.basalt.sim.workload;

import java.nio.charset.StandardCharsets;

/** Workload values as stored in the key-value state machine: decimal text; 0 means absent. */
public final class Values {
    private Values() {}

    public static byte[] encode(long value) {
        return Long.toString(value).getBytes(StandardCharsets.UTF_8);
    }

    public static long decode(byte[] bytes) {
        return bytes == null ? 0 : Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
    }

    public static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
