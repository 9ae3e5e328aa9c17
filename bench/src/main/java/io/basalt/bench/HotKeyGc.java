package io.basalt.bench;

import io.basalt.storage.rocksdb.RocksEngine;
import io.basalt.txn.Timestamp;
import io.basalt.txn.mvcc.EngineVersionStore;
import io.basalt.txn.mvcc.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The version store on RocksDB alone, under TPC-B's shape of writes: N account rows, then
 * transactions that each rewrite a random account, one of 100 tellers and one of 10 branches
 * (reading each first) and add a history row, one applied step per transaction, with gc every
 * ten transactions at a horizon {@code --lag} commits back. Prints transactions per second,
 * the time gc took and the deleted entries RocksDB's iterators stepped over, per block of
 * {@code --report-every} transactions: whether a write's cost grows as hot rows are rewritten.
 *
 * <pre>
 * java -cp bench/target/basalt-bench.jar:bench/target/lib/* io.basalt.bench.HotKeyGc
 *      [--rows 1000000] [--txns 60000] [--lag 2000] [--report-every 5000] [--dir DIR]
 * </pre>
 */
public final class HotKeyGc {
    private HotKeyGc() {}

    public static void main(String[] args) throws IOException {
        int rows = 1_000_000;
        int txns = 60_000;
        int lag = 2_000;
        int every = 5_000;
        Path dir = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(v);
                case "--txns" -> txns = Integer.parseInt(v);
                case "--lag" -> lag = Integer.parseInt(v);
                case "--report-every" -> every = Integer.parseInt(v);
                case "--dir" -> dir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path db = dir != null ? dir : Files.createTempDirectory("hotkeygc");
        try {
            run(db, rows, txns, lag, every);
        } finally {
            if (dir == null) {
                try (Stream<Path> files = Files.walk(db)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static byte[] key(char table, int i) {
        return new byte[] {(byte) table, (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }

    private static void run(Path db, int rows, int txns, int lag, int every) {
        try (RocksEngine engine = RocksEngine.open(db)) {
            EngineVersionStore store = EngineVersionStore.open(engine);
            byte[] value = new byte[100];
            long ts = 1_000_000;
            long index = 0;
            long start = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                store.write(key('a', i), new Timestamp(ts++, 0), value, null);
                if (i % 1_000 == 999) {
                    store.flushTo(++index);
                }
            }
            store.flushTo(++index);
            System.out.printf(Locale.ROOT, "loaded %d rows in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
            Random random = new Random(1);
            int history = 0;
            long blockStart = System.nanoTime();
            long gcNanos = 0;
            long skipsBefore = engine.stats().iteratorSkips();
            for (int t = 1; t <= txns; t++) {
                byte[][] keys = {key('a', random.nextInt(rows)), key('t', random.nextInt(100)), key('b', random.nextInt(10))};
                long commit = ts;
                ts += 4;
                for (byte[] k : keys) {
                    Version newest = store.newestVersion(k);
                    store.readVersion(k, new Timestamp(commit - 1, 0));
                    store.write(k, new Timestamp(commit, 0), value, newest);
                }
                store.write(key('h', history++), new Timestamp(commit, 0), value, null);
                store.flushTo(++index);
                if (t % 10 == 0 && ts > lag) {
                    long g = System.nanoTime();
                    store.gc(new Timestamp(ts - lag, 0), 1_000);
                    if (store.hasUnflushedWrites()) {
                        store.flushTo(index);
                    }
                    gcNanos += System.nanoTime() - g;
                }
                if (t % every == 0) {
                    long now = System.nanoTime();
                    long skips = engine.stats().iteratorSkips();
                    System.out.printf(Locale.ROOT, "txns %d: %.0f txn/s, gc %.2f s of %.2f s, %d deleted entries stepped over, %d versions%n",
                        t, every / ((now - blockStart) / 1e9), gcNanos / 1e9, (now - blockStart) / 1e9, skips - skipsBefore,
                        store.versionCount());
                    blockStart = now;
                    gcNanos = 0;
                    skipsBefore = skips;
                }
            }
        }
    }
}
