package io.basalt.txn.mvcc;

import io.basalt.storage.api.Engine;
import io.basalt.storage.memory.MemoryEngine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The {@link MvccStore} contract, on the engine-backed store over the memory engine, run two
 * ways: never flushed, so every read is answered through the step overlay, and flushed after
 * every call, so every read goes to the engine.
 */
class EngineVersionStoreTest {
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        engines.forEach(Engine::close);
    }

    private EngineVersionStore unflushed() {
        MemoryEngine engine = MemoryEngine.create();
        engines.add(engine);
        return EngineVersionStore.open(engine);
    }

    private MvccStore flushed() {
        return new FlushEveryCall(unflushed());
    }

    @Nested
    class ReadsUnflushed extends MvccStoreReadsContract {
        @Override
        protected MvccStore newStore() {
            return unflushed();
        }
    }

    @Nested
    class ReadsFlushed extends MvccStoreReadsContract {
        @Override
        protected MvccStore newStore() {
            return flushed();
        }
    }

    @Nested
    class PendingUnflushed extends MvccStorePendingContract {
        @Override
        protected MvccStore newStore() {
            return unflushed();
        }
    }

    @Nested
    class PendingFlushed extends MvccStorePendingContract {
        @Override
        protected MvccStore newStore() {
            return flushed();
        }
    }

    @Nested
    class GcUnflushed extends MvccStoreGcContract {
        @Override
        protected MvccStore newStore() {
            return unflushed();
        }
    }

    @Nested
    class GcFlushed extends MvccStoreGcContract {
        @Override
        protected MvccStore newStore() {
            return flushed();
        }
    }

    @Nested
    class GcModelUnflushed extends MvccStoreGcModelContract {
        @Override
        protected MvccStore newStore() {
            return unflushed();
        }
    }

    @Nested
    class GcModelFlushed extends MvccStoreGcModelContract {
        @Override
        protected MvccStore newStore() {
            return flushed();
        }
    }
}
