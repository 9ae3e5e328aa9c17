package io.basalt.storage.rocksdb;

import io.basalt.storage.api.Engine;
import io.basalt.storage.api.EngineContractTest;
import java.nio.file.Path;

/** The engine contract, on RocksDB. */
class RocksEngineContractTest extends EngineContractTest {
    /** Small, so many test engines open at once stay light. */
    static final RocksEngineOptions OPTIONS = RocksEngineOptions.defaults()
        .withBlockCacheBytes(8L * 1024 * 1024).withWriteBufferBytes(4L * 1024 * 1024);

    @Override
    protected Engine open(Path dir) {
        return RocksEngine.open(dir, OPTIONS);
    }
}
