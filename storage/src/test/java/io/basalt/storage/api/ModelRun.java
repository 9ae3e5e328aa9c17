package io.basalt.storage.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.Prng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A seeded run of random batches, reads, scans with seeks, snapshots, flushes, reopens and
 * checkpoints against one engine, each result checked against a {@link TreeMap} in
 * {@link KeyOrder}. Keys are short strings over bytes on both sides of the sign boundary, so
 * keys collide, ranges overlap and a signed comparison anywhere shows up at once. A failure
 * names the seed and step; the same seed replays the same run.
 */
final class ModelRun {
    private static final byte[] KEY_BYTES = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};
    private static final int KEY_BYTES_MAX = 3;
    private static final int BATCH_OPS_MAX = 6;
    private static final int SNAPSHOTS_OPEN_MAX = 3;
    private static final int SCAN_STEPS_MAX = 40;

    private final long seed;
    private final Prng prng;
    private final Function<Path, Engine> opener;
    private final Path engineDir;
    private final Path scratch;
    private final NavigableMap<byte[], byte[]> model = new TreeMap<>(KeyOrder.ORDER);
    private final List<Held> snapshots = new ArrayList<>();
    private Engine engine;
    private long index;
    private int checkpoints;
    private String op = "start";

    /** An open snapshot and what the model held when it was taken. */
    private record Held(Snapshot snapshot, NavigableMap<byte[], byte[]> model, long index) {
    }

    ModelRun(long seed, Function<Path, Engine> opener, Path engineDir, Path scratch) {
        this.seed = seed;
        this.prng = new Prng(seed);
        this.opener = opener;
        this.engineDir = engineDir;
        this.scratch = scratch;
    }

    void run(Engine first, int steps) {
        engine = first;
        index = engine.appliedIndex();
        int step = 0;
        try {
            for (; step < steps; step++) {
                step(prng.nextInt(1000));
            }
            op = "final comparison";
            checkAll(engine, model, index);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("model run with seed " + seed + " failed at step " + step + " (" + op + "): "
                + e.getMessage(), e);
        } finally {
            closeSnapshots();
            engine.close();
        }
    }

    /** One operation, chosen by {@code roll} in [0, 1000); {@link #op} names it for a failure message. */
    private void step(int roll) {
        if (roll < 450) {
            op = "apply";
            applyBatch();
        } else if (roll < 600) {
            op = "get";
            byte[] key = randomKey();
            assertThat(hex(engine.get(key))).as("get %s", hex(key)).isEqualTo(hex(model.get(key)));
        } else if (roll < 750) {
            op = "scan";
            checkScan(engine, model);
        } else if (roll < 850) {
            op = "snapshot";
            takeSnapshot();
        } else if (roll < 967) {
            op = "check snapshot";
            checkSnapshot();
        } else if (roll < 980) {
            op = "flush";
            engine.flush();
        } else if (roll < 992) {
            op = "reopen";
            reopen();
        } else {
            op = "checkpoint";
            checkpoint();
        }
    }

    private void applyBatch() {
        WriteBatch batch = new WriteBatch();
        NavigableMap<byte[], byte[]> next = new TreeMap<>(model);
        int ops = prng.nextInt(1, BATCH_OPS_MAX);
        for (int i = 0; i < ops; i++) {
            int kind = prng.nextInt(100);
            byte[] key = randomKey();
            if (kind < 55) {
                byte[] value = new byte[prng.chance(0.05) ? prng.nextInt(200) : prng.nextInt(9)];
                for (int j = 0; j < value.length; j++) {
                    value[j] = (byte) prng.nextInt(256);
                }
                batch.put(key, value);
                next.put(key, value);
            } else if (kind < 80) {
                batch.delete(key);
                next.remove(key);
            } else {
                byte[] other = randomKey();
                byte[] start = KeyOrder.compare(key, other) <= 0 ? key : other;
                byte[] end = start == key ? other : key;
                batch.deleteRange(start, end);
                next.subMap(start, true, end, false).clear();
            }
        }
        index += prng.nextInt(0, 2);
        engine.apply(batch, index);
        model.clear();
        model.putAll(next);
        assertThat(engine.appliedIndex()).isEqualTo(index);
    }

    private void takeSnapshot() {
        if (snapshots.size() >= SNAPSHOTS_OPEN_MAX) {
            checkSnapshot();
            return;
        }
        snapshots.add(new Held(engine.snapshot(), new TreeMap<>(model), index));
    }

    private void checkSnapshot() {
        if (snapshots.isEmpty()) {
            return;
        }
        Held held = snapshots.get(prng.nextInt(snapshots.size()));
        assertThat(held.snapshot().appliedIndex()).isEqualTo(held.index());
        byte[] key = randomKey();
        assertThat(hex(held.snapshot().get(key))).as("snapshot get %s", hex(key)).isEqualTo(hex(held.model().get(key)));
        checkScan(held.snapshot(), held.model());
        if (prng.chance(0.3)) {
            checkAll(held.snapshot(), held.model(), held.index());
            held.snapshot().close();
            snapshots.remove(held);
        }
    }

    private void reopen() {
        closeSnapshots();
        engine.close();
        engine = opener.apply(engineDir);
        checkAll(engine, model, index);
    }

    private void checkpoint() {
        Path dir = scratch.resolve("model-checkpoint-" + checkpoints++);
        engine.checkpoint(dir);
        try (Engine copy = opener.apply(dir)) {
            checkAll(copy, model, index);
        }
    }

    /** Scans a random range, seeking now and then, and compares every step with the model. */
    private void checkScan(ReadView view, NavigableMap<byte[], byte[]> expected) {
        byte[] start = prng.chance(0.2) ? null : randomKey();
        byte[] end = prng.chance(0.2) ? null : randomKey();
        if (start != null && end != null && KeyOrder.compare(start, end) > 0) {
            byte[] swap = start;
            start = end;
            end = swap;
        }
        NavigableMap<byte[], byte[]> range = range(expected, start, end);
        try (EngineIterator it = view.newIterator(start, end)) {
            Map.Entry<byte[], byte[]> want = range.firstEntry();
            for (int i = 0; i < SCAN_STEPS_MAX; i++) {
                if (prng.chance(0.1)) {
                    byte[] target = randomKey();
                    it.seek(target);
                    byte[] from = start != null && KeyOrder.compare(target, start) < 0 ? start : target;
                    want = range.ceilingEntry(from);
                }
                assertThat(it.isValid()).as("valid at step %d of scan [%s, %s)", i, hex(start), hex(end))
                    .isEqualTo(want != null);
                if (want == null) {
                    break;
                }
                assertThat(Views.entry(it.key(), it.value())).isEqualTo(Views.entry(want.getKey(), want.getValue()));
                it.next();
                want = range.higherEntry(want.getKey());
            }
        }
    }

    private static void checkAll(ReadView view, NavigableMap<byte[], byte[]> expected, long index) {
        assertThat(view.appliedIndex()).isEqualTo(index);
        List<String> want = expected.entrySet().stream().map(e -> Views.entry(e.getKey(), e.getValue())).toList();
        assertThat(Views.scan(view, null, null)).containsExactlyElementsOf(want);
    }

    private static NavigableMap<byte[], byte[]> range(NavigableMap<byte[], byte[]> map, byte[] start, byte[] end) {
        if (start == null && end == null) {
            return map;
        }
        if (start == null) {
            return map.headMap(end, false);
        }
        return end == null ? map.tailMap(start, true) : map.subMap(start, true, end, false);
    }

    private void closeSnapshots() {
        snapshots.forEach(h -> h.snapshot().close());
        snapshots.clear();
    }

    private byte[] randomKey() {
        byte[] key = new byte[prng.nextInt(KEY_BYTES_MAX + 1)];
        for (int i = 0; i < key.length; i++) {
            key[i] = KEY_BYTES[prng.nextInt(KEY_BYTES.length)];
        }
        return key;
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "null" : "0x" + HexFormat.of().formatHex(bytes);
    }
}
