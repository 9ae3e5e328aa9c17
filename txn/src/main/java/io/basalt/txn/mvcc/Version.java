package io.basalt.txn.mvcc;

import io.basalt.txn.Timestamp;
import java.util.Arrays;
import java.util.Objects;

/**
 * One committed version of a key: the value written by the transaction that committed at
 * {@code commitTs}, or a deletion tombstone when {@code value} is null. The value array is
 * shared with the store that holds it and must not be changed.
 */
public record Version(Timestamp commitTs, byte[] value) {
    public Version {
        Objects.requireNonNull(commitTs, "commit timestamp");
    }

    public boolean isTombstone() {
        return value == null;
    }

    // Records compare arrays by identity; versions are equal when their bytes are.
    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && commitTs.equals(v.commitTs) && Arrays.equals(value, v.value);
    }

    @Override
    public int hashCode() {
        return commitTs.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Version{" + commitTs + ", " + (value == null ? "tombstone" : value.length + " bytes") + "}";
    }
}
