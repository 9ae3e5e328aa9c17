package io.basalt.txn.mvcc;

import io.basalt.txn.Timestamp;

/** Receives the versions of a {@link MvccStore} one at a time, in (key, commit timestamp) order. */
@FunctionalInterface
public interface VersionVisitor {
    /** One version; {@code value} is null for a tombstone. The arrays are the store's own: read them, do not change them. */
    void visit(byte[] key, Timestamp commitTs, byte[] value);
}
