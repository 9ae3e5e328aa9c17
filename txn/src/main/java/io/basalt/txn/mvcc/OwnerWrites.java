package io.basalt.txn.mvcc;

import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.WriteBatch;

/** Copies the owner's writes into the step's batch, refusing any to the store's own keys. */
final class OwnerWrites implements WriteBatch.Visitor {
    private final WriteBatch batch;

    OwnerWrites(WriteBatch batch) {
        this.batch = batch;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        checkNotOurs(key);
        batch.put(key, value);
    }

    @Override
    public void delete(byte[] key) {
        checkNotOurs(key);
        batch.delete(key);
    }

    @Override
    public void deleteRange(byte[] start, byte[] end) {
        // [start, end) overlaps the version key space if it starts before its end and ends after its start.
        boolean versions = KeyOrder.compare(start, VersionKeys.VERSIONS_END) < 0
            && KeyOrder.compare(end, VersionKeys.VERSIONS_START) > 0;
        boolean meta = KeyOrder.compare(start, VersionKeys.META_KEY) <= 0
            && KeyOrder.compare(VersionKeys.META_KEY, end) < 0;
        if (versions || meta) {
            throw new IllegalArgumentException("owner's range delete " + KeyOrder.show(start) + ".."
                + KeyOrder.show(end) + " reaches the mvcc store's keys");
        }
        batch.deleteRange(start, end);
    }

    private static void checkNotOurs(byte[] key) {
        if ((key.length > 0 && key[0] == VersionKeys.VERSION_PREFIX)
            || KeyOrder.compare(key, VersionKeys.META_KEY) == 0) {
            throw new IllegalArgumentException("owner's write of " + KeyOrder.show(key)
                + " is in the mvcc store's keys");
        }
    }
}
