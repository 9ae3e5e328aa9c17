package io.basalt.storage.memory;

import io.basalt.storage.api.Engine;
import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.EngineStats;
import io.basalt.storage.api.Snapshot;
import io.basalt.storage.api.StorageException;
import io.basalt.storage.api.WriteBatch;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage engine in memory: a persistent treap, replaced as a whole by each applied batch,
 * so a snapshot or iterator is just the root it started from and costs nothing to keep.
 *
 * <p>{@link #create()} gives an engine with no directory: {@link #flush()} does nothing and the
 * state dies with the process (the simulator, {@code --in-memory}). {@link #open(Path)} binds
 * the engine to a directory: flush writes the whole state there as one checksummed image
 * ({@link MemoryImage}), replacing the last one by an atomic rename, and a later open reads it
 * back. Like RocksDB with its write-ahead log off, batches applied after the last flush are
 * lost in a crash, as a whole, and the Raft log replays them.
 *
 * <p>Deterministic: no threads, no clock, and a tree shape that depends on the keys alone.
 */
public final class MemoryEngine implements Engine {
    /** The tree and its applied index, published together so a reader never sees one without the other. */
    private record State(Treap.Node root, long appliedIndex) {
    }

    private static final State EMPTY = new State(null, 0);

    /** Null for an engine without a directory. */
    private final Path dir;
    private volatile State state;
    /** What the image in {@link #dir} holds, so a flush with nothing new writes nothing. */
    private State flushed;
    private final OpenIterators iterators = new OpenIterators();
    private final Set<MemorySnapshot> snapshots = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private MemoryEngine(Path dir, State state) {
        this.dir = dir;
        this.state = state;
        this.flushed = state;
    }

    /** An empty engine with no directory. */
    public static MemoryEngine create() {
        return new MemoryEngine(null, EMPTY);
    }

    /**
     * The engine stored in {@code dir}: the last flushed image there, or an empty engine (and
     * the directory) if there is none. A checkpoint directory opens the same way.
     */
    public static MemoryEngine open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
            // Left by a crash during a flush; the image it was to replace is still whole.
            Files.deleteIfExists(dir.resolve(MemoryImage.FILE_NAME + ".tmp"));
            Path image = dir.resolve(MemoryImage.FILE_NAME);
            if (!Files.exists(image)) {
                return new MemoryEngine(dir, EMPTY);
            }
            MemoryImage.Contents contents = MemoryImage.read(image);
            return new MemoryEngine(dir, new State(contents.root(), contents.appliedIndex()));
        } catch (IOException e) {
            throw new StorageException("cannot open memory engine in " + dir + ": " + e, e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        checkOpen();
        byte[] value = Treap.get(state.root(), key);
        return value == null ? null : value.clone();
    }

    @Override
    public EngineIterator newIterator(byte[] start, byte[] end) {
        checkOpen();
        return iterators.open(state.root(), start, end);
    }

    @Override
    public long appliedIndex() {
        checkOpen();
        return state.appliedIndex();
    }

    @Override
    public synchronized void apply(WriteBatch batch, long appliedIndex) {
        Objects.requireNonNull(batch, "batch");
        checkOpen();
        State before = state;
        if (appliedIndex < before.appliedIndex()) {
            throw new IllegalArgumentException("applied index " + appliedIndex + " is below the engine's "
                + before.appliedIndex() + ": the applied index never goes backward");
        }
        Applier applier = new Applier(before.root());
        batch.forEach(applier);
        state = new State(applier.root, appliedIndex);
    }

    /** Builds the new tree from a batch; the batch's arrays are immutable copies, so the tree keeps them. */
    private static final class Applier implements WriteBatch.Visitor {
        Treap.Node root;

        Applier(Treap.Node root) {
            this.root = root;
        }

        @Override
        public void put(byte[] key, byte[] value) {
            root = Treap.put(root, key, value);
        }

        @Override
        public void delete(byte[] key) {
            root = Treap.delete(root, key);
        }

        @Override
        public void deleteRange(byte[] start, byte[] end) {
            root = Treap.deleteRange(root, start, end);
        }
    }

    @Override
    public Snapshot snapshot() {
        checkOpen();
        State now = state;
        MemorySnapshot snapshot = new MemorySnapshot(now.root(), now.appliedIndex(), snapshots::remove);
        snapshots.add(snapshot);
        return snapshot;
    }

    /**
     * Writes the image into a sibling temporary directory, then renames it to {@code target}, so
     * a directory under that name is always a whole checkpoint.
     */
    @Override
    public synchronized void checkpoint(Path target) {
        Objects.requireNonNull(target, "checkpoint directory");
        checkOpen();
        if (Files.exists(target)) {
            throw new IllegalArgumentException("checkpoint directory " + target + " already exists");
        }
        State now = state;
        Path absolute = target.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary.resolve(MemoryImage.FILE_NAME));
            Files.deleteIfExists(temporary);
            Files.createDirectory(temporary);
            MemoryImage.write(temporary.resolve(MemoryImage.FILE_NAME), now.root(), now.appliedIndex());
            MemoryImage.syncDirectory(temporary);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
            MemoryImage.syncDirectory(absolute.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("checkpoint directory " + target + " already exists", e);
        } catch (IOException e) {
            throw new StorageException("cannot write checkpoint of memory engine to " + target + ": " + e, e);
        }
    }

    /** Rewrites the whole image (a temporary file, fsync, rename, directory fsync); nothing without a directory. */
    @Override
    public synchronized void flush() {
        checkOpen();
        flushImage();
    }

    private void flushImage() {
        State now = state;
        if (dir == null || now == flushed) {
            return;
        }
        Path image = dir.resolve(MemoryImage.FILE_NAME);
        Path temporary = dir.resolve(MemoryImage.FILE_NAME + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            MemoryImage.write(temporary, now.root(), now.appliedIndex());
            Files.move(temporary, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            MemoryImage.syncDirectory(dir);
        } catch (IOException e) {
            throw new StorageException("cannot flush memory engine to " + image + ": " + e, e);
        }
        flushed = now;
    }

    /** Keys plus values, in bytes, counted exactly. */
    @Override
    public long approximateBytes() {
        checkOpen();
        return Treap.bytes(state.root());
    }

    @Override
    public EngineStats stats() {
        checkOpen();
        return EngineStats.NONE;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            flushImage();
        } finally {
            closed = true;
            for (MemorySnapshot snapshot : snapshots) {
                snapshot.closeBecause("its engine was closed");
            }
            snapshots.clear();
            iterators.closeAll("its engine was closed");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("memory engine " + (dir == null ? "(no directory)" : "in " + dir)
                + " is closed");
        }
    }

    @Override
    public String toString() {
        State now = state;
        return "MemoryEngine[" + (dir == null ? "no directory" : dir) + ", " + Treap.count(now.root())
            + " keys, applied index " + now.appliedIndex() + "]";
    }
}
