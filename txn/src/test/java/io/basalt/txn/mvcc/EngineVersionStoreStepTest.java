package io.basalt.txn.mvcc;

import static io.basalt.txn.mvcc.MvccStores.b;
import static io.basalt.txn.mvcc.MvccStores.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.Invariants.InvariantViolation;
import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.EngineLimits;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.ReadView;
import io.basalt.storage.api.Snapshot;
import io.basalt.storage.api.StorageCorruptionException;
import io.basalt.storage.api.WriteBatch;
import io.basalt.storage.memory.MemoryEngine;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine-backed store's steps: writes seen by the step before they are applied, applied in
 * one batch with the applied index, the owner's writes alongside, the layout in the engine, and
 * what a reopened store gets back.
 */
class EngineVersionStoreStepTest {
    @TempDir
    Path tmp;

    private MemoryEngine engine;
    private EngineVersionStore store;

    private void open() {
        engine = MemoryEngine.open(tmp);
        store = EngineVersionStore.open(engine);
    }

    private void reopen() {
        engine.close();
        open();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Everything in the engine, keys and values in hex. */
    private static Map<String, String> contents(ReadView view) {
        Map<String, String> all = new TreeMap<>();
        try (EngineIterator it = view.newIterator()) {
            for (; it.isValid(); it.next()) {
                all.put(HexFormat.of().formatHex(it.key()), HexFormat.of().formatHex(it.value()));
            }
        }
        return all;
    }

    @Test
    void aVersionIsStoredUnderItsEscapedKeyAndInvertedTimestampWithATag() {
        open();
        store.write(new byte[] {'k', 0}, new Timestamp(10, 1), b("v"));
        store.write(b("k"), new Timestamp(10, 1), null);
        store.flushTo(1);
        Map<String, String> all = contents(engine);
        assertThat(all).containsEntry("026b00ff0001" + "fffffffffffffff5" + "fffffffe", "0176")
            .containsEntry("026b0001" + "fffffffffffffff5" + "fffffffe", "00")
            .containsKey(HexFormat.of().formatHex(VersionKeys.META_KEY))
            .hasSize(3);
        assertThat(new ArrayList<>(all.keySet()).get(1)).as("'k' before 'k\\0'").startsWith("026b0001");
    }

    @Test
    void aStepReadsItsOwnWritesBeforeTheEngineHasThem() {
        open();
        store.write(b("k"), ts(10), b("v1"));
        assertThat(contents(engine)).as("nothing applied yet").isEmpty();
        assertThat(store.hasUnflushedWrites()).isTrue();
        assertThat(store.read(b("k"), ts(10))).isEqualTo(b("v1"));
        store.write(b("k"), ts(20), b("v2"));
        assertThat(store.latestVersionTs(b("k"))).isEqualTo(ts(20));
        assertThat(store.gc(ts(20), 10)).as("gc in the step sees the step's versions").isEqualTo(1);
        assertThat(store.scan(KeyRange.all(), ts(20), 10)).extracting(KeyValue::value).containsExactly(b("v2"));

        store.flushTo(7);
        assertThat(store.hasUnflushedWrites()).isFalse();
        assertThat(engine.appliedIndex()).isEqualTo(7);
        assertThat(contents(engine)).as("v1 never reached the engine; v2 and the metadata did").hasSize(2);
        assertThat(store.read(b("k"), ts(20))).isEqualTo(b("v2"));
        assertThat(store.read(b("k"), ts(15))).isNull();
    }

    @Test
    void aStepIsAppliedWholeWithItsIndexOrNotAtAll() {
        open();
        store.write(b("a"), ts(10), b("1"));
        store.flushTo(5);
        try (Snapshot before = engine.snapshot()) {
            store.write(b("b"), ts(20), b("2"));
            store.write(b("a"), ts(20), null);
            assertThatThrownBy(() -> store.flushTo(4)).as("an index going back").isInstanceOf(IllegalArgumentException.class);
            assertThat(contents(engine)).as("nothing written").isEqualTo(contents(before));
            assertThat(store.hasUnflushedWrites()).as("the step is kept").isTrue();
            store.flushTo(6);
            assertThat(before.appliedIndex()).isEqualTo(5);
            assertThat(engine.appliedIndex()).isEqualTo(6);
            assertThat(contents(engine)).hasSize(contents(before).size() + 2);
        }
        store.flushTo(6);
        assertThat(engine.appliedIndex()).as("an unchanged step only moves the index, here not at all").isEqualTo(6);
        store.flushTo(9);
        assertThat(engine.appliedIndex()).isEqualTo(9);
    }

    @Test
    void theOwnersWritesGoInTheSameBatchButNeverIntoTheStoresKeys() {
        open();
        byte[] session = {VersionKeys.LOCAL_PREFIX, 's', 'e', 's', 's'};
        store.write(b("k"), ts(10), b("v"));
        store.flushTo(1, new WriteBatch().put(session, b("client 7 at 3")));
        assertThat(engine.get(session)).isEqualTo(b("client 7 at 3"));
        assertThat(engine.appliedIndex()).isEqualTo(1);

        store.write(b("k"), ts(20), b("w"));
        byte[] version = VersionKeys.version(VersionKeys.start(b("x")), ts(1));
        for (WriteBatch bad : List.of(new WriteBatch().put(version, b("forged")),
            new WriteBatch().delete(VersionKeys.META_KEY),
            new WriteBatch().deleteRange(new byte[] {VersionKeys.LOCAL_PREFIX}, new byte[] {VersionKeys.VERSION_PREFIX, 0}),
            new WriteBatch().deleteRange(new byte[] {VersionKeys.LOCAL_PREFIX}, KeyOrder.prefixEnd(new byte[] {VersionKeys.LOCAL_PREFIX})))) {
            assertThatThrownBy(() -> store.flushTo(2, bad)).as(bad.toString())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mvcc store's keys");
            assertThat(engine.appliedIndex()).isEqualTo(1);
        }
        store.flushTo(2, new WriteBatch().deleteRange(session, KeyOrder.prefixEnd(session)));
        assertThat(engine.get(session)).isNull();
        assertThat(store.read(b("k"), ts(20))).isEqualTo(b("w"));
    }

    @Test
    void aReopenedStoreHasTheFlushedVersionsCountsHorizonAndPendingTimestampsButNotTheUnflushedStep() {
        open();
        store.write(b("a"), ts(10), b("a10"));
        store.write(b("a"), ts(20), b("a20"));
        store.write(b("b"), ts(20), null);
        store.gc(ts(25), 100);
        store.beginPending(ts(30));
        store.write(b("c"), ts(30), b("staged"));
        store.beginPending(ts(31));
        store.flushTo(3);
        long versions = store.versionCount();
        long bytes = store.approximateBytes();
        store.write(b("lost"), ts(40), b("never flushed"));

        reopen();
        assertThat(store.appliedIndex()).isEqualTo(3);
        assertThat(store.read(b("lost"), Timestamp.MAX)).isNull();
        assertThat(store.versionCount()).isEqualTo(versions).isEqualTo(2);
        assertThat(store.keyCount()).isEqualTo(2);
        assertThat(store.approximateBytes()).isEqualTo(bytes);
        assertThat(store.read(b("a"), ts(25))).isEqualTo(b("a20"));
        assertThat(store.isPending(ts(30))).isTrue();
        assertThat(store.read(b("c"), Timestamp.MAX)).as("still staged").isNull();
        assertThatThrownBy(() -> store.write(b("a"), ts(25), b("below the horizon")))
            .isInstanceOf(InvariantViolation.class).hasMessageContaining("horizon");

        store.commitPending(ts(30));
        store.flushTo(4);
        store.dropPending(ts(31), List.of(b("nothing written")));
        store.flushTo(5);
        reopen();
        assertThat(store.read(b("c"), Timestamp.MAX)).isEqualTo(b("staged"));
        assertThat(store.isPending(ts(31))).as("dropped without a version written").isFalse();
    }

    @Test
    void clearHidesTheEngineAtOnceAndTheFlushDeletesEveryVersion() {
        open();
        byte[] session = {VersionKeys.LOCAL_PREFIX, 's'};
        for (int i = 0; i < 5; i++) {
            store.write(b("k" + i), ts(10), b("v"));
        }
        store.gc(ts(15), 10);
        store.flushTo(1, new WriteBatch().put(session, b("kept")));
        store.clear();
        assertThat(store.scan(KeyRange.all(), Timestamp.MAX, 100)).isEmpty();
        store.write(b("k2"), ts(5), b("from a snapshot"));
        assertThat(store.scan(KeyRange.all(), Timestamp.MAX, 100)).extracting(KeyValue::value)
            .containsExactly(b("from a snapshot"));
        store.flushTo(2);
        reopen();
        assertThat(store.versionCount()).isOne();
        assertThat(store.keyCount()).isOne();
        assertThat(contents(engine)).as("one version, the metadata and the owner's key").hasSize(3);
        assertThat(engine.get(session)).isEqualTo(b("kept"));
    }

    @Test
    void aVersionTooLargeForTheEngineIsRefusedWhenWrittenNotWhenFlushed() {
        open();
        byte[] largest = new byte[EngineLimits.KEY_BYTES_MAX - 15];  // prefix, terminator and timestamp take 15
        Arrays.fill(largest, (byte) 'a');
        byte[] tooLong = largest.clone();
        tooLong[0] = 0;  // a 0x00 byte escapes to two
        store.write(largest, ts(10), b("fits"));
        assertThatThrownBy(() -> store.write(tooLong, ts(10), b("v"))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("KEY_BYTES_MAX");
        assertThat(store.versionCount()).isOne();
        store.flushTo(1);
        assertThat(store.read(largest, ts(10))).isEqualTo(b("fits"));
    }

    @Test
    void damagedMetadataIsRefusedOnOpen() {
        open();
        engine.apply(new WriteBatch().put(VersionKeys.META_KEY, new byte[] {1, 2, 3}), 1);
        assertThatThrownBy(() -> EngineVersionStore.open(engine)).isInstanceOf(StorageCorruptionException.class)
            .hasMessageContaining("mvcc metadata");
        byte[] good = new StoreMeta(3, 2, 40, ts(5), List.of(ts(9), ts(7))).encode();
        assertThat(StoreMeta.decode(good)).isEqualTo(new StoreMeta(3, 2, 40, ts(5), List.of(ts(7), ts(9))));
        byte[] badFormat = good.clone();
        badFormat[0] = 9;
        assertThatThrownBy(() -> StoreMeta.decode(badFormat)).hasMessageContaining("format 9");
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> StoreMeta.decode(truncated)).hasMessageContaining("2 pending timestamps");
        byte[] moreKeysThanVersions = new StoreMeta(1, 2, 40, ts(5), List.of()).encode();
        assertThatThrownBy(() -> StoreMeta.decode(moreKeysThanVersions)).hasMessageContaining("1 versions, 2 keys");
    }

    @Test
    void aDamagedVersionIsReportedByTheReadThatMeetsIt() {
        open();
        store.write(b("k"), ts(10), b("v"));
        store.flushTo(1);
        engine.apply(new WriteBatch().put(VersionKeys.version(VersionKeys.start(b("k")), ts(10)), new byte[] {9}), 2);
        assertThatThrownBy(() -> store.read(b("k"), ts(10))).isInstanceOf(StorageCorruptionException.class)
            .hasMessageContaining("tag 9");
    }
}
