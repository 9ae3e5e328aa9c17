package io.basalt.storage.memory;

import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.Snapshot;
import java.util.Objects;
import java.util.function.Consumer;

/** A snapshot of the memory engine: one immutable treap root and the applied index that came with it. */
final class MemorySnapshot implements Snapshot {
    private final Treap.Node root;
    private final long appliedIndex;
    private final OpenIterators iterators = new OpenIterators();
    private final Consumer<MemorySnapshot> onClose;
    private volatile String closedBecause;

    MemorySnapshot(Treap.Node root, long appliedIndex, Consumer<MemorySnapshot> onClose) {
        this.root = root;
        this.appliedIndex = appliedIndex;
        this.onClose = onClose;
    }

    @Override
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        byte[] value = Treap.get(root, key);
        return value == null ? null : value.clone();
    }

    @Override
    public EngineIterator newIterator(byte[] start, byte[] end) {
        checkOpen();
        return iterators.open(root, start, end);
    }

    @Override
    public long appliedIndex() {
        checkOpen();
        return appliedIndex;
    }

    @Override
    public void close() {
        if (closeBecause("the snapshot was closed")) {
            onClose.accept(this);
        }
    }

    /** Closes the snapshot and its iterators; false if it already was closed. */
    boolean closeBecause(String reason) {
        if (closedBecause != null) {
            return false;
        }
        closedBecause = reason;
        iterators.closeAll("its snapshot was closed");
        return true;
    }

    private void checkOpen() {
        String reason = closedBecause;
        if (reason != null) {
            throw new IllegalStateException("memory engine snapshot is closed: " + reason);
        }
    }
}
