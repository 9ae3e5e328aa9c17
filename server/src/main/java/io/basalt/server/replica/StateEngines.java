package io.basalt.server.replica;

import io.basalt.kv.KvStateMachine;
import io.basalt.server.NodeConfig;
import io.basalt.server.StateStorage;
import io.basalt.storage.api.Engine;
import io.basalt.storage.api.StorageException;
import io.basalt.storage.memory.MemoryEngine;
import io.basalt.storage.rocksdb.RocksEngine;
import io.basalt.storage.rocksdb.RocksEngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Opens the storage engine that holds a group's applied state, as the node's
 * {@link StateStorage} says: RocksDB in {@code <dataDir>/state/group-<id>}, or memory.
 */
public final class StateEngines {
    public static final String STATE_DIR = "state";

    /**
     * A state machine and the engine under it. The state machine swaps its engine when a
     * snapshot takes its applied index back; {@link #engine()} follows the swap, so a backup
     * checkpoints the engine in use.
     */
    public static final class Opened {
        private final KvStateMachine kv;
        private volatile Engine engine;
        /** Opens the engine at its directory again (RocksDB), or null for a memory engine. */
        private final Supplier<Engine> reopen;
        private final Path dir;

        private Opened(Engine engine, UnaryOperator<Engine> emptyEngine, Path dir, Supplier<Engine> reopen) {
            this.engine = engine;
            this.dir = dir;
            this.reopen = reopen;
            this.kv = new KvStateMachine(engine, old -> {
                Engine fresh = emptyEngine.apply(old);
                this.engine = fresh;
                return fresh;
            });
        }

        public KvStateMachine kv() {
            return kv;
        }

        public Engine engine() {
            return engine;
        }

        /**
         * Makes the checkpoint in {@code checkpoint} (a directory on the same file system) the
         * engine: closes the engine, moves its directory aside, renames the checkpoint into its
         * place, makes the rename durable, deletes the old files and opens the engine again. A
         * crash leaves either the old engine or the new one in place (or neither, with the
         * checkpoint still where it was: the caller then installs it again at the next start).
         *
         * @throws StorageException if the files cannot be moved or the engine opened
         */
        public void install(Path checkpoint) {
            if (reopen == null) {
                throw new IllegalStateException("a memory engine installs images, not checkpoint directories");
            }
            kv.replaceEngine(old -> {
                old.close();
                Path aside = aside(dir);
                try {
                    deleteTree(aside);
                    if (Files.exists(dir)) {
                        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                    }
                    Files.move(checkpoint, dir, StandardCopyOption.ATOMIC_MOVE);
                    syncDir(dir.getParent());
                } catch (IOException e) {
                    throw new StorageException("cannot move checkpoint " + checkpoint + " into " + dir + ": " + e, e);
                }
                deleteTree(aside);
                Engine fresh = reopen.get();
                this.engine = fresh;
                return fresh;
            });
        }
    }

    private static Path aside(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".old");
    }

    private static void syncDir(Path dir) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir,
            java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private StateEngines() {}

    /** The directory of group {@code groupId}'s RocksDB engine. */
    public static Path dir(NodeConfig config, long groupId) {
        return dir(config.dataDir(), groupId);
    }

    /** The directory of group {@code groupId}'s RocksDB engine in data directory {@code dataDir}. */
    public static Path dir(Path dataDir, long groupId) {
        return dataDir.resolve(STATE_DIR).resolve("group-" + groupId);
    }

    /**
     * The state machine of group {@code groupId} on its engine, at the engine's applied index.
     *
     * @throws StorageException if the engine cannot be opened (the message names the directory)
     */
    public static Opened open(NodeConfig config, long groupId) {
        StateStorage storage = config.storage();
        if (storage.inMemory()) {
            return new Opened(MemoryEngine.create(), old -> {
                old.close();
                return MemoryEngine.create();
            }, null, null);
        }
        Path dir = dir(config, groupId);
        deleteTree(aside(dir)); // an install finished but for deleting the old files
        RocksEngineOptions options = RocksEngineOptions.defaults().withBlockCacheBytes(storage.blockCacheBytes())
            .withWriteBytesPerSecond(storage.writeBytesPerSecond());
        return new Opened(RocksEngine.open(dir, options), old -> {
            old.close();
            deleteTree(dir);
            return RocksEngine.open(dir, options);
        }, dir, () -> RocksEngine.open(dir, options));
    }

    /** Deletes {@code dir} and everything in it; nothing if it does not exist. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new StorageException("cannot delete " + dir + ": " + e, e);
        }
    }
}
