package io.basalt.txn.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.Prng;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.WriteBatch;
import io.basalt.storage.memory.MemoryEngine;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A step's writes laid over an engine, against a sorted map holding the same merged state:
 * random engine contents, random puts and deletes in the step, then seeks and steps over random
 * ranges, with the current key deleted now and then as gc does, and a cleared range. A failure
 * names the seed and the move.
 */
class OverlayIteratorTest {
    private static final int SEEDS = 30;
    private static final int MOVES_PER_SEED = 400;
    private static final int KEY_SPACE = 40;

    private static byte[] key(int i) {
        return new byte[] {VersionKeys.VERSION_PREFIX, (byte) (i / 4), (byte) (i % 4 * 0x50)};
    }

    @Test
    void mergedViewMatchesAModel() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) {
        Prng prng = new Prng(seed);
        NavigableMap<byte[], byte[]> model = new TreeMap<>(KeyOrder.ORDER);
        StepOverlay step = new StepOverlay();
        try (MemoryEngine engine = MemoryEngine.create()) {
            WriteBatch base = new WriteBatch();
            for (int i = 0; i < KEY_SPACE; i++) {
                if (prng.chance(0.5)) {
                    byte[] value = {'e', (byte) i};
                    base.put(key(i), value);
                    model.put(key(i), value);
                }
            }
            engine.apply(base, 1);
            boolean cleared = prng.chance(0.2);
            if (cleared) {
                step.clear(VersionKeys.VERSIONS_START, VersionKeys.VERSIONS_END);
                model.clear();
            }
            for (int i = 0; i < KEY_SPACE; i++) {
                if (prng.chance(0.3)) {
                    byte[] value = {'s', (byte) i};
                    step.put(key(i), value);
                    model.put(key(i), value);
                } else if (prng.chance(0.2)) {
                    step.delete(key(i));
                    model.remove(key(i));
                }
            }
            int lo = prng.nextInt(0, KEY_SPACE);
            int hi = prng.nextInt(lo, KEY_SPACE);
            byte[] start = cleared ? VersionKeys.VERSIONS_START : key(lo);
            byte[] end = cleared ? VersionKeys.VERSIONS_END : key(hi);
            NavigableMap<byte[], byte[]> inRange = model.subMap(start, true, end, false);
            try (OverlayIterator it = step.iterator(engine, start, end)) {
                Map.Entry<byte[], byte[]> expected = inRange.firstEntry();
                for (int move = 0; move < MOVES_PER_SEED; move++) {
                    String where = "seed " + seed + " move " + move;
                    assertThat(it.isValid()).as(where).isEqualTo(expected != null);
                    if (expected != null) {
                        assertThat(it.key()).as(where).isEqualTo(expected.getKey());
                        assertThat(it.value()).as(where).isEqualTo(expected.getValue());
                    }
                    if (expected != null && prng.chance(0.6)) {
                        byte[] current = expected.getKey();
                        if (prng.chance(0.3)) {
                            step.delete(current.clone());  // gc deletes the version it just passed
                            model.remove(current);
                        }
                        it.next();
                        expected = inRange.higherEntry(current);
                    } else {
                        byte[] target = key(prng.nextInt(0, KEY_SPACE));
                        if (prng.chance(0.3)) {
                            target = new byte[] {VersionKeys.VERSION_PREFIX, target[1]};  // between keys
                        }
                        it.seek(target);
                        expected = KeyOrder.compare(target, start) < 0 ? inRange.firstEntry() : inRange.ceilingEntry(target);
                    }
                }
            }
        }
    }
}
