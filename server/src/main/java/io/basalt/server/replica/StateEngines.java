package io.basalt.server.replica;

import io.basalt.kv.KvStateMachine;
import io.basalt.server.NodeConfig;
import io.basalt.server.StateStorage;
import io.basalt.storage.api.StorageException;
import io.basalt.storage.rocksdb.RocksEngine;
import io.basalt.storage.rocksdb.RocksEngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Opens the storage engine that holds a group's applied state, as the node's
 * {@link StateStorage} says: RocksDB in {@code <dataDir>/state/group-<id>}, or memory.
 */
public final class StateEngines {
    static final String STATE_DIR = "state";

    private StateEngines() {}

    /** The directory of group {@code groupId}'s RocksDB engine. */
    public static Path dir(NodeConfig config, long groupId) {
        return config.dataDir().resolve(STATE_DIR).resolve("group-" + groupId);
    }

    /**
     * The state machine of group {@code groupId} on its engine, at the engine's applied index.
     *
     * @throws StorageException if the engine cannot be opened (the message names the directory)
     */
    public static KvStateMachine open(NodeConfig config, long groupId) {
        StateStorage storage = config.storage();
        if (storage.inMemory()) {
            return new KvStateMachine();
        }
        Path dir = dir(config, groupId);
        RocksEngineOptions options = RocksEngineOptions.defaults().withBlockCacheBytes(storage.blockCacheBytes());
        return new KvStateMachine(RocksEngine.open(dir, options), old -> {
            old.close();
            deleteTree(dir);
            return RocksEngine.open(dir, options);
        });
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new StorageException("cannot empty the state directory " + dir + ": " + e, e);
        }
    }
}
