package io.basalt.sim.check.txn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each key's version order, recovered from committed reads. Appends are unique per key and a
 * read returns the whole list, so the longest committed read of a key shows the order of every
 * append it contains, and every other read of the key must be a prefix of it. A read that is not
 * a prefix shows two orders of the same key, which no serial execution produces
 * ("incompatible-order"); the analysis then goes on with the longest read's order. A value seen
 * twice in one read means an append was applied twice ("duplicate-append"); the order keeps its
 * first occurrence.
 */
final class VersionOrders {
    private record Observed(TxnRecord txn, MicroOp.Read read) {
        List<Long> values() {
            return read.values();
        }
    }

    private final Map<String, List<Long>> orders = new TreeMap<>();
    private final Map<String, Map<Long, Integer>> positions = new HashMap<>();
    /** Reads that are not a prefix of their key's order, by identity: the few that need a closer look. */
    private final Set<MicroOp.Read> disagreeing = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Set<Long>> observedOutsideOrder = new HashMap<>();

    private VersionOrders() {}

    /**
     * Recovers the orders from the OK transactions' reads, adding the anomalies it meets to
     * {@code anomalies}. Reads are long in this workload, so each is scanned once, for the prefix
     * check; the other per-value checks look only at each key's longest read and the reads that
     * disagree with it, which between them contain every value any read shows.
     */
    static VersionOrders recover(List<TxnRecord> history, List<Anomaly> anomalies) {
        VersionOrders vo = new VersionOrders();
        Map<String, Observed> longest = new TreeMap<>();
        for (TxnRecord txn : history) {
            for (MicroOp.Read read : okReads(txn)) {
                Observed cur = longest.get(read.key());
                if (cur == null || read.values().size() > cur.values().size()) {
                    longest.put(read.key(), new Observed(txn, read));
                }
            }
        }
        List<Observed> others = vo.findDisagreeing(history, longest);
        longest.values().forEach(o -> reportDuplicates(o, anomalies));
        others.forEach(o -> reportDuplicates(o, anomalies));
        reportIncompatible(longest, others, anomalies);
        longest.forEach((key, o) -> vo.setOrder(key, List.copyOf(new LinkedHashSet<>(o.values()))));
        return vo;
    }

    /** The keys with at least one committed read, in sorted order. */
    Set<String> keys() {
        return orders.keySet();
    }

    /** The values appended to {@code key}, oldest first, as far as committed reads show them. */
    List<Long> order(String key) {
        return orders.getOrDefault(key, List.of());
    }

    /** Where {@code value} sits in {@code key}'s order, or -1 if the order does not contain it. */
    int position(String key, long value) {
        Map<Long, Integer> byValue = positions.get(key);
        Integer p = byValue == null ? null : byValue.get(value);
        return p == null ? -1 : p;
    }

    /** Whether some committed read of {@code key} contains {@code value}. */
    boolean observed(String key, long value) {
        return position(key, value) >= 0 || observedOutsideOrder.getOrDefault(key, Set.of()).contains(value);
    }

    /** Whether {@code read} is a prefix of its key's order, so that it shows no value the order does not. */
    boolean agrees(MicroOp.Read read) {
        return !disagreeing.contains(read);
    }

    /** The reads with a known result in a committed transaction; other reads say nothing about the database. */
    static List<MicroOp.Read> okReads(TxnRecord txn) {
        if (txn.outcome() != Outcome.OK) {
            return List.of();
        }
        List<MicroOp.Read> reads = new ArrayList<>();
        for (MicroOp op : txn.ops()) {
            if (op instanceof MicroOp.Read r && r.values() != null) {
                reads.add(r);
            }
        }
        return reads;
    }

    private void setOrder(String key, List<Long> order) {
        orders.put(key, order);
        Map<Long, Integer> byValue = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            byValue.put(order.get(i), i);
        }
        positions.put(key, byValue);
    }

    private List<Observed> findDisagreeing(List<TxnRecord> history, Map<String, Observed> longest) {
        List<Observed> found = new ArrayList<>();
        for (TxnRecord txn : history) {
            for (MicroOp.Read read : okReads(txn)) {
                if (!isPrefix(read.values(), longest.get(read.key()).values())) {
                    found.add(new Observed(txn, read));
                    disagreeing.add(read);
                    observedOutsideOrder.computeIfAbsent(read.key(), k -> new HashSet<>()).addAll(read.values());
                }
            }
        }
        return found;
    }

    /** A read that agrees with its key's longest read shows a value twice only if the longest read does. */
    private static void reportDuplicates(Observed o, List<Anomaly> anomalies) {
        Set<Long> seen = new HashSet<>();
        for (long v : o.values()) {
            if (!seen.add(v)) {
                anomalies.add(Anomaly.of("duplicate-append", Describe.txn(o.txn().id()) + " read "
                    + Describe.read(o.read().key(), o.values()) + ": " + v + " appears twice, so one append was applied twice"));
                return;
            }
        }
    }

    /** One finding per key: the first read that disagrees with the longest, and how many do. */
    private static void reportIncompatible(Map<String, Observed> longest, List<Observed> others, List<Anomaly> anomalies) {
        Map<String, Observed> firstDisagreeing = new TreeMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (Observed o : others) {
            firstDisagreeing.putIfAbsent(o.read().key(), o);
            count.merge(o.read().key(), 1, Integer::sum);
        }
        firstDisagreeing.forEach((key, o) -> {
            Observed full = longest.get(key);
            int at = firstDifference(o.values(), full.values());
            anomalies.add(Anomaly.of("incompatible-order", Describe.txn(o.txn().id()) + " read " + Describe.read(key, o.values())
                + ", which is not a prefix of " + Describe.txn(full.txn().id()) + "'s " + Describe.read(key, full.values())
                + " (the longest read of " + key + "): at position " + at + " one has " + o.values().get(at)
                + ", the other " + full.values().get(at) + "; " + count.get(key) + " read(s) of " + key
                + " disagree with the longest"));
        });
    }

    private static boolean isPrefix(List<Long> prefix, List<Long> list) {
        return prefix.size() <= list.size() && list.subList(0, prefix.size()).equals(prefix);
    }

    private static int firstDifference(List<Long> a, List<Long> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }
}
