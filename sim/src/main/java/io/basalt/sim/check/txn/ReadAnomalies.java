package io.basalt.sim.check.txn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The anomalies one transaction shows without any cycle: it read an aborted transaction's
 * append (G1a), read a state another transaction held only in the middle of its work (G1b), or
 * contradicted its own earlier appends (internal). Only committed transactions' reads count.
 */
final class ReadAnomalies {
    private ReadAnomalies() {}

    static void find(List<TxnRecord> history, AppendIndex appends, VersionOrders orders, List<Anomaly> anomalies) {
        Map<String, List<Long>> aborted = abortedInOrder(appends, orders);
        for (TxnRecord txn : history) {
            if (txn.outcome() != Outcome.OK) {
                continue;
            }
            Set<Integer> abortedSeen = new HashSet<>();
            for (MicroOp.Read read : VersionOrders.okReads(txn)) {
                List<Long> suspects = orders.agrees(read) ? prefix(aborted.get(read.key()), orders, read) : read.values();
                abortedReads(txn, read, suspects, appends, abortedSeen, anomalies);
                intermediateRead(txn, read, appends, anomalies);
            }
            internal(txn, anomalies);
        }
    }

    /** Per key, the values in its order that aborted transactions appended, oldest first. */
    private static Map<String, List<Long>> abortedInOrder(AppendIndex appends, VersionOrders orders) {
        Map<String, List<Long>> aborted = new HashMap<>();
        for (String key : orders.keys()) {
            for (long v : orders.order(key)) {
                AppendIndex.Writer w = appends.writer(key, v);
                if (w != null && w.txn().outcome() == Outcome.FAIL) {
                    aborted.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
                }
            }
        }
        return aborted;
    }

    /** The aborted values a read that agrees with the order contains: those within its length. */
    private static List<Long> prefix(List<Long> aborted, VersionOrders orders, MicroOp.Read read) {
        if (aborted == null) {
            return List.of();
        }
        int n = 0;
        while (n < aborted.size() && orders.position(read.key(), aborted.get(n)) < read.values().size()) {
            n++;
        }
        return aborted.subList(0, n);
    }

    /** One G1a per (reader, aborted writer): later reads of the same key repeat the same evidence. */
    private static void abortedReads(TxnRecord txn, MicroOp.Read read, List<Long> suspects, AppendIndex appends,
        Set<Integer> abortedSeen, List<Anomaly> anomalies) {
        for (long v : suspects) {
            AppendIndex.Writer w = appends.writer(read.key(), v);
            if (w != null && w.txn().outcome() == Outcome.FAIL && abortedSeen.add(w.txn().id())) {
                anomalies.add(Anomaly.of("G1a", Describe.txn(txn.id()) + " read " + Describe.read(read.key(), read.values())
                    + ": " + v + " was appended by " + Describe.txn(w.txn().id()) + ", which aborted"));
            }
        }
    }

    /** A transaction may read its own intermediate state; only another transaction's counts. */
    private static void intermediateRead(TxnRecord txn, MicroOp.Read read, AppendIndex appends, List<Anomaly> anomalies) {
        if (read.values().isEmpty()) {
            return;
        }
        long last = read.values().getLast();
        AppendIndex.Writer w = appends.writer(read.key(), last);
        if (w != null && w.txn().id() != txn.id() && !w.isFinal(last)) {
            anomalies.add(Anomaly.of("G1b", Describe.txn(txn.id()) + " read " + Describe.read(read.key(), read.values())
                + ", ending in " + Describe.txn(w.txn().id()) + "'s append of " + last + ", but "
                + Describe.txn(w.txn().id()) + " went on to append " + w.finalValue() + " to " + read.key()));
        }
    }

    /**
     * A transaction must see its own appends: after it read a key and appended to it, the next
     * read must be exactly that read plus the appends; without an earlier read, the next read must
     * end with its appends. Reports the first contradiction per transaction.
     */
    private static void internal(TxnRecord txn, List<Anomaly> anomalies) {
        Map<String, List<Long>> lastRead = new HashMap<>();
        Map<String, List<Long>> ownSince = new HashMap<>();
        for (MicroOp op : txn.ops()) {
            switch (op) {
                case MicroOp.Append a -> ownSince.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.value());
                case MicroOp.Read r -> {
                    if (r.values() == null) {
                        continue;
                    }
                    String expected = expectation(r, lastRead.get(r.key()), ownSince.getOrDefault(r.key(), List.of()));
                    if (expected != null) {
                        anomalies.add(Anomaly.of("internal", Describe.txn(txn.id()) + " read "
                            + Describe.read(r.key(), r.values()) + ", but its own earlier operations " + expected));
                        return;
                    }
                    lastRead.put(r.key(), r.values());
                    ownSince.remove(r.key());
                }
            }
        }
    }

    /** What the transaction's own operations require of {@code read} if the read breaks it, else null. */
    private static String expectation(MicroOp.Read read, List<Long> lastRead, List<Long> own) {
        List<Long> got = read.values();
        int base = got.size() - own.size();
        boolean endsWithOwn = base >= 0 && got.subList(base, got.size()).equals(own);
        if (lastRead != null && !(endsWithOwn && base == lastRead.size() && got.subList(0, base).equals(lastRead))) {
            List<Long> expected = new ArrayList<>(lastRead);
            expected.addAll(own);
            return "require " + Describe.read(read.key(), expected);
        }
        if (!endsWithOwn) {
            return "appended " + Describe.list(own) + " to " + read.key() + ", so the read must end with them";
        }
        return null;
    }
}
