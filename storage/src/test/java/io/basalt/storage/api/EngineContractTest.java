package io.basalt.storage.api;

import static io.basalt.storage.api.Views.b;
import static io.basalt.storage.api.Views.s;
import static io.basalt.storage.api.Views.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link Engine} must have, run once per engine by a subclass that says how
 * to open one. Both engines pass the same cases and the same seeded model runs, so they cannot
 * drift apart. Scans are compared as {@code key=value} hex strings, so a failure shows the data.
 */
public abstract class EngineContractTest {
    /** Model runs: a few thousand operations each, long enough to reach every operation mix. */
    private static final int MODEL_STEPS = 3000;

    @TempDir
    protected Path tmp;
    /** The engine under test, in {@code tmp/engine}; tests that reopen it assign it again. */
    protected Engine engine;
    private final List<Engine> opened = new ArrayList<>();

    /** Opens the engine stored in {@code dir}, creating an empty one if there is none; also opens checkpoints. */
    protected abstract Engine open(Path dir);

    protected final Engine track(Engine e) {
        opened.add(e);
        return e;
    }

    protected final Path engineDir() {
        return tmp.resolve("engine");
    }

    @BeforeEach
    void openEngine() {
        engine = track(open(engineDir()));
    }

    @AfterEach
    void closeEngines() {
        for (Engine e : opened) {
            e.close();
        }
    }

    protected final Engine reopen() {
        engine.close();
        engine = track(open(engineDir()));
        return engine;
    }

    @Test
    void aNewEngineIsEmptyAtAppliedIndexZero() {
        assertThat(engine.appliedIndex()).isZero();
        assertThat(engine.get(b("a"))).isNull();
        assertThat(scan(engine, null, null)).isEmpty();
    }

    @Test
    void putOverwriteAndDelete() {
        engine.apply(new WriteBatch().put(b("k1"), b("v1")).put(b("k2"), b("v2")), 1);
        assertThat(s(engine.get(b("k1")))).isEqualTo("v1");
        engine.apply(new WriteBatch().put(b("k1"), b("v1b")), 2);
        assertThat(s(engine.get(b("k1")))).isEqualTo("v1b");
        engine.apply(new WriteBatch().delete(b("k1")).delete(b("absent")), 3);
        assertThat(engine.get(b("k1"))).isNull();
        assertThat(s(engine.get(b("k2")))).isEqualTo("v2");
        assertThat(scan(engine, null, null)).containsExactly(kv("k2", "v2"));
    }

    @Test
    void theEmptyKeyAndEmptyValuesAreStored() {
        engine.apply(new WriteBatch().put(new byte[0], b("first")).put(b("e"), new byte[0]), 1);
        assertThat(s(engine.get(new byte[0]))).isEqualTo("first");
        assertThat(engine.get(b("e"))).isEmpty();
        assertThat(scan(engine, null, null)).containsExactly(Views.entry(new byte[0], b("first")),
            Views.entry(b("e"), new byte[0]));
    }

    @Test
    void deleteRangeRemovesExactlyItsHalfOpenRange() {
        WriteBatch fill = new WriteBatch();
        for (String k : List.of("a", "b", "b\0", "ba", "c", "c\0", "d")) {
            fill.put(b(k), b(k));
        }
        engine.apply(fill, 1);
        engine.apply(new WriteBatch().deleteRange(b("b"), b("c")), 2);
        assertThat(Views.keys(engine, null, null)).containsExactly("a", "c", "c\0", "d");
        engine.apply(new WriteBatch().deleteRange(b("c\0"), b("c\0")).deleteRange(b("x"), b("z")), 3);
        assertThat(Views.keys(engine, null, null)).containsExactly("a", "c", "c\0", "d");
        assertThatThrownBy(() -> new WriteBatch().deleteRange(b("d"), b("a")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after its end");
    }

    @Test
    void keysIterateInUnsignedByteOrder() {
        byte[][] keys = {
            {(byte) 0xff}, {(byte) 0x80}, {0x7f}, {0x00}, {}, {(byte) 0xff, 0x00}, {0x7f, (byte) 0xff},
            {(byte) 0x80, 0x00}, {0x00, 0x00}, {(byte) 0xff, (byte) 0xff}, {0x01},
        };
        WriteBatch batch = new WriteBatch();
        for (byte[] k : keys) {
            batch.put(k, k);
        }
        engine.apply(batch, 1);
        List<String> expected = Arrays.stream(keys).sorted(Arrays::compareUnsigned).map(k -> Views.entry(k, k)).toList();
        assertThat(scan(engine, null, null)).containsExactlyElementsOf(expected);
        assertThat(Views.hexKeys(engine, null, null))
            .containsExactly("", "00", "0000", "01", "7f", "7fff", "80", "8000", "ff", "ff00", "ffff");
        // A range across the sign boundary: a signed comparison would find it empty.
        assertThat(Views.hexKeys(engine, new byte[] {0x7f, 0x00}, new byte[] {(byte) 0x80, 0x01}))
            .containsExactly("7fff", "80", "8000");
        assertThat(Views.hexKeys(engine, new byte[] {(byte) 0xff}, null)).containsExactly("ff", "ff00", "ffff");
    }

    @Test
    void anIteratorStaysInsideItsBounds() {
        fillLetters("a", "b", "c", "d", "e");
        assertThat(Views.keys(engine, b("b"), b("d"))).containsExactly("b", "c");
        assertThat(Views.keys(engine, b("bb"), b("dd"))).containsExactly("c", "d");
        assertThat(Views.keys(engine, null, b("c"))).containsExactly("a", "b");
        assertThat(Views.keys(engine, b("c"), null)).containsExactly("c", "d", "e");
        assertThat(Views.keys(engine, b(""), b("e\0"))).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void seekMovesWithinTheRangeForwardAndBack() {
        fillLetters("a", "c", "e", "g", "i");
        try (EngineIterator it = engine.newIterator(b("c"), b("h"))) {
            it.seek(b("d"));
            assertThat(s(it.key())).isEqualTo("e");
            assertThat(s(it.value())).isEqualTo("e");
            it.seek(b("g"));
            assertThat(s(it.key())).isEqualTo("g");
            it.next();
            assertThat(it.isValid()).isFalse();
            it.seek(b("a"));  // before the range: its first key
            assertThat(s(it.key())).isEqualTo("c");
            it.seek(b("h"));  // the end is exclusive
            assertThat(it.isValid()).isFalse();
            it.seek(b("e"));  // back again after running off the end
            assertThat(s(it.key())).isEqualTo("e");
            it.next();
            assertThat(s(it.key())).isEqualTo("g");
        }
    }

    @Test
    void emptyRangesYieldNothing() {
        assertThat(scan(engine, null, null)).isEmpty();
        fillLetters("a", "c");
        assertThat(scan(engine, b("c"), b("c"))).isEmpty();
        assertThat(scan(engine, b("b"), b("c"))).isEmpty();
        assertThat(scan(engine, b("d"), null)).isEmpty();
        assertThat(scan(engine, null, b("a"))).isEmpty();
        assertThatThrownBy(() -> engine.newIterator(b("c"), b("a")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after its end");
        try (EngineIterator it = engine.newIterator(b("b"), b("c"))) {
            assertThat(it.isValid()).isFalse();
            assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aSnapshotIsUnaffectedByLaterWrites() {
        fillLetters("a", "b", "c", "d");
        try (Snapshot snap = engine.snapshot();
             EngineIterator early = snap.newIterator()) {
            engine.apply(new WriteBatch().put(b("a"), b("A2")).delete(b("b")).deleteRange(b("c"), b("d"))
                .put(b("e"), b("e")), 2);
            assertThat(snap.appliedIndex()).isEqualTo(1);
            assertThat(s(snap.get(b("a")))).isEqualTo("a");
            assertThat(s(snap.get(b("b")))).isEqualTo("b");
            assertThat(snap.get(b("e"))).isNull();
            assertThat(Views.keys(snap, null, null)).containsExactly("a", "b", "c", "d");
            assertThat(Views.drain(early)).containsExactly(kv("a", "a"), kv("b", "b"), kv("c", "c"), kv("d", "d"));
            assertThat(engine.appliedIndex()).isEqualTo(2);
            assertThat(scan(engine, null, null)).containsExactly(kv("a", "A2"), kv("d", "d"), kv("e", "e"));
        }
    }

    @Test
    void anEngineIteratorSeesTheEngineAsItWasWhenOpened() {
        fillLetters("a", "b", "c");
        try (EngineIterator it = engine.newIterator()) {
            engine.apply(new WriteBatch().delete(b("b")).put(b("bb"), b("x")).put(b("d"), b("d")), 2);
            assertThat(Views.drain(it)).containsExactly(kv("a", "a"), kv("b", "b"), kv("c", "c"));
        }
        assertThat(Views.keys(engine, null, null)).containsExactly("a", "bb", "c", "d");
    }

    @Test
    void aBatchAppliesItsOperationsInOrder() {
        engine.apply(new WriteBatch()
            .put(b("k1"), b("x")).delete(b("k1"))                     // put, then delete: absent
            .delete(b("k2")).put(b("k2"), b("y"))                     // delete, then put: present
            .put(b("k3"), b("z")).deleteRange(b("k3"), b("k4"))       // put, then range delete: absent
            .deleteRange(b("k5"), b("k6")).put(b("k5"), b("w"))       // range delete, then put: present
            .put(b("k7"), b("1")).put(b("k7"), b("2")), 4);            // the last put wins
        assertThat(Views.keys(engine, null, null)).containsExactly("k2", "k5", "k7");
        assertThat(s(engine.get(b("k7")))).isEqualTo("2");
        assertThat(engine.appliedIndex()).isEqualTo(4);
    }

    @Test
    void theAppliedIndexMovesWithEachBatchAndNeverBack() {
        engine.apply(new WriteBatch().put(b("a"), b("1")), 5);
        assertThat(engine.appliedIndex()).isEqualTo(5);
        engine.apply(new WriteBatch(), 7);  // a no-op entry: only the index moves
        assertThat(engine.appliedIndex()).isEqualTo(7);
        engine.apply(new WriteBatch().put(b("b"), b("2")), 7);  // same index: writes of no new entry
        assertThat(s(engine.get(b("b")))).isEqualTo("2");
        assertThatThrownBy(() -> engine.apply(new WriteBatch().put(b("c"), b("3")).delete(b("a")), 6))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never goes backward");
        assertThat(engine.get(b("c"))).isNull();
        assertThat(engine.get(b("a"))).isNotNull();
        assertThat(engine.appliedIndex()).isEqualTo(7);
    }

    @Test
    void aCheckpointOpensAsAnIndependentEngine() {
        fillLetters("a", "b");
        engine.apply(new WriteBatch().put(b("c"), b("c")), 9);
        Path cp = tmp.resolve("cp");
        engine.checkpoint(cp);
        engine.apply(new WriteBatch().delete(b("a")).put(b("z"), b("z")), 10);

        Engine copy = track(open(cp));
        assertThat(copy.appliedIndex()).isEqualTo(9);
        assertThat(Views.keys(copy, null, null)).containsExactly("a", "b", "c");
        copy.apply(new WriteBatch().put(b("only-in-copy"), b("1")), 11);
        assertThat(engine.get(b("only-in-copy"))).isNull();
        assertThat(Views.keys(engine, null, null)).containsExactly("b", "c", "z");
        copy.close();
        assertThat(Views.keys(track(open(cp)), null, null)).containsExactly("a", "b", "c", "only-in-copy");
    }

    @Test
    void aCheckpointIntoAnExistingDirectoryIsRefused() throws Exception {
        Path existing = Files.createDirectory(tmp.resolve("existing"));
        assertThatThrownBy(() -> engine.checkpoint(existing))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
    }

    @Test
    void aReopenedEngineHasEveryBatchAppliedBeforeClose() {
        for (int i = 1; i <= 50; i++) {
            engine.apply(new WriteBatch().put(b("k" + i), b("v" + i)).delete(b("k" + (i - 1))), i);
        }
        engine.apply(new WriteBatch().deleteRange(b("k50"), b("k50\0")).put(b("last"), b("x")), 51);
        reopen();
        assertThat(engine.appliedIndex()).isEqualTo(51);
        assertThat(Views.keys(engine, null, null)).containsExactly("last");
        reopen();  // a reopen without writes in between changes nothing
        assertThat(engine.appliedIndex()).isEqualTo(51);
        assertThat(Views.keys(engine, null, null)).containsExactly("last");
    }

    @Test
    void aClosedEngineRefusesEveryOperation() {
        fillLetters("a");
        engine.close();
        engine.close();  // closing twice is harmless
        List<Runnable> uses = List.of(
            () -> engine.get(b("a")), () -> engine.newIterator(), () -> engine.appliedIndex(),
            () -> engine.apply(new WriteBatch(), 2), () -> engine.snapshot(), () -> engine.flush(),
            () -> engine.checkpoint(tmp.resolve("cp")), () -> engine.approximateBytes(), () -> engine.stats());
        for (Runnable use : uses) {
            assertThatThrownBy(use::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void closedIteratorsAndSnapshotsRefuseUse() {
        fillLetters("a", "b");
        EngineIterator it = engine.newIterator();
        it.close();
        it.close();
        assertThatThrownBy(it::isValid).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> it.seek(b("a"))).isInstanceOf(IllegalStateException.class);

        Snapshot snap = engine.snapshot();
        EngineIterator onSnap = snap.newIterator();
        snap.close();
        assertThatThrownBy(() -> snap.get(b("a"))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(snap::newIterator).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(onSnap::key).isInstanceOf(IllegalStateException.class).hasMessageContaining("snapshot");
        onSnap.close();

        EngineIterator onEngine = engine.newIterator();
        Snapshot open = engine.snapshot();
        EngineIterator onOpen = open.newIterator();
        engine.close();
        assertThatThrownBy(onEngine::key).isInstanceOf(IllegalStateException.class).hasMessageContaining("engine");
        assertThatThrownBy(open::appliedIndex).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("engine");
        assertThatThrownBy(onOpen::next).isInstanceOf(IllegalStateException.class);
        onEngine.close();
        open.close();
    }

    @Test
    void arraysHandedOutOrInBelongToTheCaller() {
        byte[] key = b("key");
        byte[] value = b("value");
        WriteBatch batch = new WriteBatch().put(key, value);
        key[0] = 'X';
        value[0] = 'X';
        engine.apply(batch, 1);
        engine.get(b("key"))[0] = 'Y';
        try (EngineIterator it = engine.newIterator()) {
            it.key()[0] = 'Z';
            it.value()[0] = 'Z';
        }
        assertThat(scan(engine, null, null)).containsExactly(kv("key", "value"));
    }

    @Test
    void approximateBytesGrowsWithTheData() {
        long empty = engine.approximateBytes();
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 1000; i++) {
            batch.put(b(String.format("key%05d", i)), new byte[1000]);
        }
        engine.apply(batch, 1);
        assertThat(engine.approximateBytes()).isGreaterThanOrEqualTo(empty + 500_000);
    }

    @Test
    void oversizedKeysAndValuesAreRefusedByTheBatch() {
        assertThatThrownBy(() -> new WriteBatch().put(new byte[EngineLimits.KEY_BYTES_MAX + 1], b("v")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KEY_BYTES_MAX");
        assertThatThrownBy(() -> new WriteBatch().put(b("k"), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> engine.get(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomOperationsMatchASortedMapModel(long seed) {
        new ModelRun(seed, this::open, engineDir(), tmp).run(engine, MODEL_STEPS);
    }

    private static String kv(String key, String value) {
        return Views.entry(b(key), b(value));
    }

    private void fillLetters(String... keys) {
        WriteBatch batch = new WriteBatch();
        for (String k : keys) {
            batch.put(b(k), b(k));
        }
        engine.apply(batch, 1);
    }
}
