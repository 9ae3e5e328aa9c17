package io.basalt.bench.txn;

import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.Transaction;
import java.nio.charset.StandardCharsets;

/** The loads of the benchmark, one factory per figure. */
final class Workloads {
    private Workloads() {}

    /**
     * (a) A read-write transaction on {@code keysPerTxn} distinct random keys out of the
     * preloaded {@code space}: reads them all, then writes them all, then commits.
     */
    static Workload readWrite(BasaltClient client, int space, int keysPerTxn, byte[] value) {
        return (rnd, tally) -> {
            int[] picks = Keys.distinct(rnd, keysPerTxn, space);
            Retry.untilCommitted(client, false, t -> {
                for (int k : picks) {
                    t.get(Keys.spaceKey(k));
                }
                for (int k : picks) {
                    t.put(Keys.spaceKey(k), value);
                }
            }, tally);
        };
    }

    /**
     * (b) A hot-spot transaction: two distinct keys out of {@code hotKeys}, in random order;
     * each is read and written back incremented (a read-modify-write, so a shared lock is
     * upgraded to an exclusive one). Two such transactions deadlock on the upgrade of one key
     * or on the opposite order of two.
     */
    static Workload hotSpot(BasaltClient client, int hotKeys, boolean forUpdate) {
        return (rnd, tally) -> {
            int[] picks = Keys.distinct(rnd, 2, hotKeys);
            Retry.untilCommitted(client, false, t -> {
                for (int k : picks) {
                    increment(t, Keys.hotKey(k), forUpdate);
                }
            }, tally);
        };
    }

    /** (c) A read-only snapshot transaction: one scan of {@code rows} keys from a random start, then commit. */
    static Workload snapshotScan(BasaltClient client, int space, int rows) {
        return (rnd, tally) -> {
            byte[] start = Keys.spaceKey(rnd.nextInt(space));
            Retry.untilCommitted(client, true, t -> {
                int got = t.scan(start, null, rows).size();
                if (got == 0) {
                    throw new IllegalStateException("a snapshot scan from " + new String(start, StandardCharsets.US_ASCII)
                        + " found nothing: is the key space loaded?");
                }
            }, tally);
        };
    }

    /** (e) One replicated single-key write, as KvLoad issues (the client does not retry it here). */
    static Workload singlePut(BasaltClient client, int space, byte[] value) {
        return (rnd, tally) -> {
            tally.attempt();
            client.put(Keys.spaceKey(rnd.nextInt(space)), value);
            tally.committedAll++;
        };
    }

    /** Reads and writes back {@code key} + 1; {@code forUpdate} reads under the write lock (no upgrade). */
    private static void increment(Transaction t, byte[] key, boolean forUpdate) throws ClientException {
        byte[] v = forUpdate ? t.getForUpdate(key) : t.get(key);
        t.put(key, Keys.counter(Keys.counterOf(v) + 1));
    }
}
