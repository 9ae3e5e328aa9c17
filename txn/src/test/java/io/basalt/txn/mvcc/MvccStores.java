package io.basalt.txn.mvcc;

import io.basalt.txn.Timestamp;
import java.nio.charset.StandardCharsets;

/** Small helpers the store tests share. */
final class MvccStores {
    private MvccStores() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Timestamp ts(long wall) {
        return new Timestamp(wall, 0);
    }

    /** Keys {@code store}'s gc has visited: through the decorator for a store flushed every call. */
    static long gcKeysVisited(MvccStore store) {
        return switch (store) {
            case VersionStore s -> s.gcKeysVisited();
            case EngineVersionStore s -> s.gcKeysVisited();
            case FlushEveryCall s -> s.store().gcKeysVisited();
            default -> throw new IllegalArgumentException("no gc counter in " + store.getClass());
        };
    }
}
