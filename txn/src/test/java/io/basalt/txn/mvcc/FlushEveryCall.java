package io.basalt.txn.mvcc;

import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import java.util.List;

/**
 * An {@link EngineVersionStore} flushed after every call that changes it, each call its own
 * step at the next applied index: so every read goes to the engine, where a store that is
 * never flushed answers every read from its step overlay. Running the store tests both ways
 * covers both paths.
 */
record FlushEveryCall(EngineVersionStore store) implements MvccStore {
    private void flush() {
        store.flushTo(store.appliedIndex() + 1);
    }

    @Override
    public void write(byte[] key, Timestamp commitTs, byte[] value) {
        store.write(key, commitTs, value);
        flush();
    }

    @Override
    public void write(byte[] key, Timestamp commitTs, byte[] value, Version newest) {
        store.write(key, commitTs, value, newest);
        flush();
    }

    @Override
    public Version newestVersion(byte[] key) {
        return store.newestVersion(key);
    }

    @Override
    public void beginPending(Timestamp commitTs) {
        store.beginPending(commitTs);
        flush();
    }

    @Override
    public void commitPending(Timestamp commitTs) {
        store.commitPending(commitTs);
        flush();
    }

    @Override
    public void dropPending(Timestamp commitTs, Iterable<byte[]> written) {
        store.dropPending(commitTs, written);
        flush();
    }

    @Override
    public boolean isPending(Timestamp commitTs) {
        return store.isPending(commitTs);
    }

    @Override
    public Timestamp latestVersionTs(byte[] key) {
        return store.latestVersionTs(key);
    }

    @Override
    public Version readVersion(byte[] key, Timestamp at) {
        return store.readVersion(key, at);
    }

    @Override
    public List<KeyValue> scan(KeyRange range, Timestamp at, int limit) {
        return store.scan(range, at, limit);
    }

    @Override
    public long gc(Timestamp horizon, int maxKeys) {
        long removed = store.gc(horizon, maxKeys);
        flush();
        return removed;
    }

    @Override
    public long approximateBytes() {
        return store.approximateBytes();
    }

    @Override
    public long versionCount() {
        return store.versionCount();
    }

    @Override
    public int keyCount() {
        return store.keyCount();
    }

    @Override
    public void forEach(VersionVisitor visitor) {
        store.forEach(visitor);
    }

    @Override
    public void clear() {
        store.clear();
        flush();
    }
}
