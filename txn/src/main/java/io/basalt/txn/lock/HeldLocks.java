package io.basalt.txn.lock;

import io.basalt.common.Invariants;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Keys;
import io.basalt.txn.LockMode;
import io.basalt.txn.TxnId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The locks that are held, indexed three ways: point locks by key in key order (so a range
 * request finds the points inside it with one sub-map), range locks in a small map checked by
 * overlap (scans are few next to point reads and writes), and every lock by its transaction (so
 * a release touches only that transaction's locks). Insertion-ordered maps keep iteration, and
 * so every answer, the same on every replay.
 */
final class HeldLocks {
    private final NavigableMap<byte[], Map<TxnId, LockMode>> points = new TreeMap<>(Keys.ORDER);
    private final Map<LockTarget.Range, Map<TxnId, LockMode>> ranges = new LinkedHashMap<>();
    private final Map<TxnId, Map<LockTarget, LockMode>> byTxn = new LinkedHashMap<>();
    private int count;

    /** The mode in which {@code txn} holds a lock on exactly {@code target}, or null. */
    LockMode mode(TxnId txn, LockTarget target) {
        Map<LockTarget, LockMode> held = byTxn.get(txn);
        return held == null ? null : held.get(target);
    }

    /** Records a lock, or raises the mode of one already held on the same target. */
    void put(TxnId txn, LockTarget target, LockMode mode) {
        Map<LockTarget, LockMode> held = byTxn.computeIfAbsent(txn, t -> new LinkedHashMap<>());
        LockMode before = held.put(target, mode);
        Invariants.check(before == null || mode.covers(before), "%s would downgrade %s on %s to %s", txn, before,
            target, mode);
        holdersOf(target, true).put(txn, mode);
        if (before == null) {
            count++;
        }
    }

    /** Adds to {@code out} every other transaction holding a lock that {@code request} conflicts with. */
    void addConflicts(LockRequest request, Set<TxnId> out) {
        switch (request.target()) {
            case LockTarget.Point p -> addIncompatible(request, points.get(p.key()), out);
            case LockTarget.Range r -> {
                KeyRange range = r.range();
                NavigableMap<byte[], Map<TxnId, LockMode>> inside = range.end() == null
                    ? points.tailMap(range.start(), true)
                    : points.subMap(range.start(), true, range.end(), false);
                for (Map<TxnId, LockMode> holders : inside.values()) {
                    addIncompatible(request, holders, out);
                }
            }
        }
        for (Map.Entry<LockTarget.Range, Map<TxnId, LockMode>> e : ranges.entrySet()) {
            if (request.target().overlaps(e.getKey())) {
                addIncompatible(request, e.getValue(), out);
            }
        }
    }

    /** Adds the holders of one target, known to overlap the request's, whose modes conflict. */
    private static void addIncompatible(LockRequest request, Map<TxnId, LockMode> holders, Set<TxnId> out) {
        if (holders == null) {
            return;
        }
        for (Map.Entry<TxnId, LockMode> h : holders.entrySet()) {
            if (request.incompatibleWith(h.getKey(), h.getValue())) {
                out.add(h.getKey());
            }
        }
    }

    /** Releases every lock of {@code txn}; returns how many there were. */
    int removeAll(TxnId txn) {
        Map<LockTarget, LockMode> held = byTxn.remove(txn);
        if (held == null) {
            return 0;
        }
        for (LockTarget target : held.keySet()) {
            unindex(txn, target);
        }
        count -= held.size();
        return held.size();
    }

    /** Releases the locks {@code txn} holds in shared mode only; returns how many there were. */
    int removeShared(TxnId txn) {
        Map<LockTarget, LockMode> held = byTxn.get(txn);
        if (held == null) {
            return 0;
        }
        List<LockTarget> shared = new ArrayList<>();
        held.forEach((target, mode) -> {
            if (mode == LockMode.SHARED) {
                shared.add(target);
            }
        });
        for (LockTarget target : shared) {
            held.remove(target);
            unindex(txn, target);
        }
        if (held.isEmpty()) {
            byTxn.remove(txn);
        }
        count -= shared.size();
        return shared.size();
    }

    private void unindex(TxnId txn, LockTarget target) {
        Map<TxnId, LockMode> holders = holdersOf(target, false);
        Invariants.check(holders != null && holders.remove(txn) != null, "%s holds %s but is not indexed there", txn,
            target);
        if (holders.isEmpty()) {
            switch (target) {
                case LockTarget.Point p -> points.remove(p.key());
                case LockTarget.Range r -> ranges.remove(r);
            }
        }
    }

    private Map<TxnId, LockMode> holdersOf(LockTarget target, boolean create) {
        return switch (target) {
            case LockTarget.Point p -> create
                ? points.computeIfAbsent(p.key(), k -> new LinkedHashMap<>())
                : points.get(p.key());
            case LockTarget.Range r -> create
                ? ranges.computeIfAbsent(r, k -> new LinkedHashMap<>())
                : ranges.get(r);
        };
    }

    /** The locks {@code txn} holds, in the order it acquired them. */
    List<Grant> heldBy(TxnId txn) {
        Map<LockTarget, LockMode> held = byTxn.getOrDefault(txn, Map.of());
        List<Grant> out = new ArrayList<>(held.size());
        held.forEach((target, mode) -> out.add(new Grant(txn, target, mode)));
        return out;
    }

    Collection<TxnId> holders() {
        return byTxn.keySet();
    }

    int count() {
        return count;
    }
}
