package io.basalt.txn.mvcc;

import io.basalt.txn.Keys;
import io.basalt.txn.Timestamp;
import java.util.Arrays;
import java.util.Objects;

/**
 * A live key as a read sees it: the key, its value and the commit timestamp of the version the
 * value came from. The arrays are shared with the store and must not be changed.
 */
public record KeyValue(byte[] key, byte[] value, Timestamp commitTs) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(commitTs, "commit timestamp");
    }

    // Records compare arrays by identity; key-values are equal when their bytes are.
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv && Arrays.equals(key, kv.key) && Arrays.equals(value, kv.value)
            && commitTs.equals(kv.commitTs);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(key) * 31 + Arrays.hashCode(value)) * 31 + commitTs.hashCode();
    }

    @Override
    public String toString() {
        return Keys.show(key) + "=" + (value == null ? "null" : Keys.show(value)) + "@" + commitTs;
    }
}
