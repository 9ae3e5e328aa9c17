package io.basalt.txn.lock;

import io.basalt.common.Invariants;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Keys;
import io.basalt.txn.LockMode;
import io.basalt.txn.TxnId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 *
 * <p>A transaction's own locks are a queue of targets in acquisition order, not a hash map: a
 * bulk load holds millions, and a hash map that size stops its caller for a second each time it
 * doubles. The mode a transaction holds a target in is found through the target's holders.
 */
final class HeldLocks {
    private final NavigableMap<byte[], Map<TxnId, LockMode>> points = new TreeMap<>(Keys.ORDER);
    private final Map<LockTarget.Range, Map<TxnId, LockMode>> ranges = new LinkedHashMap<>();
    private final Map<TxnId, ArrayDeque<LockTarget>> byTxn = new LinkedHashMap<>();
    /**
     * For each transaction, the ranges it alone holds: when every range is the requester's own
     * (a bulk statement's scan pages), a point request skips the range check altogether
     * instead of walking thousands of its own ranges per lock.
     */
    private final Map<TxnId, Integer> soleRanges = new HashMap<>();
    private int count;

    /** The mode in which {@code txn} holds a lock on exactly {@code target}, or null. */
    LockMode mode(TxnId txn, LockTarget target) {
        Map<TxnId, LockMode> holders = holdersOf(target, false);
        return holders == null ? null : holders.get(txn);
    }

    /** Records a lock, or raises the mode of one already held on the same target. */
    void put(TxnId txn, LockTarget target, LockMode mode) {
        Map<TxnId, LockMode> holders = holdersOf(target, true);
        TxnId soleBefore = sole(target, holders);
        LockMode before = holders.put(txn, mode);
        countSole(soleBefore, target, holders);
        Invariants.check(before == null || mode.covers(before), "%s would downgrade %s on %s to %s", txn, before,
            target, mode);
        if (before == null) {
            byTxn.computeIfAbsent(txn, t -> new ArrayDeque<>()).add(target);
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
        if (ranges.size() == soleRanges.getOrDefault(request.txn(), 0)) {
            return; // every range is the requester's own
        }
        for (Map.Entry<LockTarget.Range, Map<TxnId, LockMode>> e : ranges.entrySet()) {
            Map<TxnId, LockMode> holders = e.getValue();
            if (holders.size() == 1 && holders.containsKey(request.txn())) {
                continue; // a transaction's own range (a scan page) never conflicts with it: skip the key compares
            }
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
        ArrayDeque<LockTarget> held = byTxn.remove(txn);
        if (held == null) {
            return 0;
        }
        for (LockTarget target : held) {
            unindex(txn, target);
        }
        count -= held.size();
        return held.size();
    }

    /** Releases at most {@code max} of the locks {@code txn} holds, oldest first; returns how many it still holds. */
    int removeSome(TxnId txn, int max) {
        ArrayDeque<LockTarget> held = byTxn.get(txn);
        if (held == null) {
            return 0;
        }
        for (int removed = 0; removed < max && !held.isEmpty(); removed++) {
            unindex(txn, held.poll());
            count--;
        }
        if (held.isEmpty()) {
            byTxn.remove(txn);
        }
        return held.size();
    }

    /** How many locks {@code txn} holds. */
    int countHeldBy(TxnId txn) {
        ArrayDeque<LockTarget> held = byTxn.get(txn);
        return held == null ? 0 : held.size();
    }

    /** Releases the locks {@code txn} holds in shared mode only; returns how many there were. */
    int removeShared(TxnId txn) {
        ArrayDeque<LockTarget> held = byTxn.get(txn);
        if (held == null) {
            return 0;
        }
        int before = held.size();
        held.removeIf(target -> {
            if (mode(txn, target) == LockMode.SHARED) {
                unindex(txn, target);
                return true;
            }
            return false;
        });
        if (held.isEmpty()) {
            byTxn.remove(txn);
        }
        int removed = before - held.size();
        count -= removed;
        return removed;
    }

    private void unindex(TxnId txn, LockTarget target) {
        Map<TxnId, LockMode> holders = holdersOf(target, false);
        TxnId soleBefore = holders == null ? null : sole(target, holders);
        Invariants.check(holders != null && holders.remove(txn) != null, "%s holds %s but is not indexed there", txn,
            target);
        countSole(soleBefore, target, holders);
        if (holders.isEmpty()) {
            switch (target) {
                case LockTarget.Point p -> points.remove(p.key());
                case LockTarget.Range r -> ranges.remove(r);
            }
        }
    }

    /** The one holder of a range held by one transaction, else null (and null for a point). */
    private static TxnId sole(LockTarget target, Map<TxnId, LockMode> holders) {
        return target instanceof LockTarget.Range && holders.size() == 1 ? holders.keySet().iterator().next() : null;
    }

    /** Moves {@link #soleRanges} from the range's sole holder before a change to its sole holder after. */
    private void countSole(TxnId soleBefore, LockTarget target, Map<TxnId, LockMode> holders) {
        if (soleBefore != null) {
            soleRanges.merge(soleBefore, -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        TxnId soleAfter = sole(target, holders);
        if (soleAfter != null) {
            soleRanges.merge(soleAfter, 1, Integer::sum);
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
        ArrayDeque<LockTarget> held = byTxn.get(txn);
        if (held == null) {
            return new ArrayList<>();
        }
        List<Grant> out = new ArrayList<>(held.size());
        for (LockTarget target : held) {
            out.add(new Grant(txn, target, mode(txn, target)));
        }
        return out;
    }

    Collection<TxnId> holders() {
        return byTxn.keySet();
    }

    int count() {
        return count;
    }
}
