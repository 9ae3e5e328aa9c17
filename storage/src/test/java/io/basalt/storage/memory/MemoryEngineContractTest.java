package io.basalt.storage.memory;

import io.basalt.storage.api.Engine;
import io.basalt.storage.api.EngineContractTest;
import java.nio.file.Path;

/** The engine contract, on the memory engine bound to a directory. */
class MemoryEngineContractTest extends EngineContractTest {
    @Override
    protected Engine open(Path dir) {
        return MemoryEngine.open(dir);
    }
}
