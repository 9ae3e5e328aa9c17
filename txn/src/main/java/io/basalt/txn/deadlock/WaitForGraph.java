package io.basalt.txn.deadlock;

import io.basalt.common.Invariants;
import io.basalt.txn.TxnId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which transaction waits for which: an edge {@code waiter -> holder} means the waiter is
 * blocked on a lock the holder has. A cycle is a deadlock, broken by aborting its youngest
 * transaction, the one that has done the least work and would otherwise keep losing to older
 * ones.
 *
 * <p>Each shard's lock table reports the edges it knows under its own source id, and the graph
 * is the union over sources: a cycle may span shards that each see only part of it, and one
 * shard replacing or clearing its report must not disturb what the others said.
 *
 * <p>Every traversal visits successors in {@link TxnId} order and every map is sorted, so the
 * same inputs find the same cycles and the same victims: the simulator replays a seed exactly.
 * A transaction never waits for itself (a lock upgrade blocked only by its own shared lock is
 * not a wait), so self-edges are dropped on the way in.
 */
public final class WaitForGraph {
    /** The edges as reported: waiter, then source, then the holders that source reported. */
    private final NavigableMap<TxnId, NavigableMap<Long, NavigableSet<TxnId>>> reported = new TreeMap<>();
    /** The union over sources: waiter, then holder, then how many sources report that edge. */
    private final NavigableMap<TxnId, NavigableMap<TxnId, Integer>> out = new TreeMap<>();
    /** The reverse of {@link #out}: holder, then the waiters with an edge to it. */
    private final Map<TxnId, Set<TxnId>> in = new TreeMap<>();

    /** Replaces the out-edges that {@code source} reports for {@code waiter}; an empty set means it no longer waits there. */
    public void setWaits(long source, TxnId waiter, Set<TxnId> holders) {
        Objects.requireNonNull(waiter, "waiter");
        NavigableSet<TxnId> fresh = new TreeSet<>(holders);
        fresh.remove(waiter);
        NavigableMap<Long, NavigableSet<TxnId>> bySource = reported.computeIfAbsent(waiter, w -> new TreeMap<>());
        NavigableSet<TxnId> old = fresh.isEmpty() ? bySource.remove(source) : bySource.put(source, fresh);
        if (bySource.isEmpty()) {
            reported.remove(waiter);
        }
        for (TxnId holder : old == null ? Set.<TxnId>of() : old) {
            if (!fresh.contains(holder)) {
                unlink(waiter, holder);
            }
        }
        for (TxnId holder : fresh) {
            if (old == null || !old.contains(holder)) {
                link(waiter, holder);
            }
        }
    }

    /** Removes {@code txn} and every edge into or out of it, from every source: it committed or aborted. */
    public void remove(TxnId txn) {
        NavigableMap<Long, NavigableSet<TxnId>> bySource = reported.remove(txn);
        if (bySource != null) {
            for (NavigableSet<TxnId> holders : bySource.values()) {
                for (TxnId holder : holders) {
                    unlink(txn, holder);
                }
            }
        }
        Set<TxnId> waiters = in.remove(txn);
        if (waiters == null) {
            return;
        }
        for (TxnId waiter : waiters) {
            NavigableMap<Long, NavigableSet<TxnId>> waiterSources = reported.get(waiter);
            waiterSources.values().forEach(holders -> holders.remove(txn));
            waiterSources.values().removeIf(Set::isEmpty);
            if (waiterSources.isEmpty()) {
                reported.remove(waiter);
            }
            NavigableMap<TxnId, Integer> holders = out.get(waiter);
            holders.remove(txn);
            if (holders.isEmpty()) {
                out.remove(waiter);
            }
        }
        Invariants.check(!out.containsKey(txn) && !reported.containsKey(txn), "%s still has edges after removal", txn);
    }

    /**
     * A cycle that passes through {@code txn}, as the transactions in it in wait order ({@code
     * txn} first, each waiting for the next, the last waiting for {@code txn}), or empty if
     * there is none. The first such cycle in depth-first order with successors in {@link TxnId}
     * order.
     */
    public List<TxnId> cycleThrough(TxnId txn) {
        Objects.requireNonNull(txn, "txn");
        if (!out.containsKey(txn) || !in.containsKey(txn)) {
            return List.of();
        }
        // Iterative, so a long chain of waiters cannot overflow the stack.
        ArrayDeque<TxnId> path = new ArrayDeque<>();
        ArrayDeque<Iterator<TxnId>> pending = new ArrayDeque<>();
        Set<TxnId> visited = new HashSet<>();
        path.addLast(txn);
        pending.addLast(successors(txn).iterator());
        visited.add(txn);
        while (!pending.isEmpty()) {
            Iterator<TxnId> next = pending.peekLast();
            if (!next.hasNext()) {
                pending.removeLast();
                path.removeLast();
                continue;
            }
            TxnId holder = next.next();
            if (holder.equals(txn)) {
                return List.copyOf(path);
            }
            // A node seen before either is on the path (a cycle that misses txn) or was fully
            // explored without reaching txn; neither can lead back to txn by a new route.
            if (visited.add(holder)) {
                path.addLast(holder);
                pending.addLast(successors(holder).iterator());
            }
        }
        return List.of();
    }

    /**
     * The transaction to abort if {@code txn}'s edges closed a cycle through it: the youngest
     * in that cycle. Empty if {@code txn} is in no cycle.
     */
    public Optional<TxnId> victimFor(TxnId txn) {
        List<TxnId> cycle = cycleThrough(txn);
        return cycle.isEmpty() ? Optional.empty() : Optional.of(Collections.max(cycle));
    }

    /**
     * The victims that break every cycle in the graph, in the order found, for periodic full
     * sweeps (say after edges from other shards arrive): repeatedly finds a cycle, picks its
     * youngest, treats it as removed and carries on. The graph itself is not changed.
     */
    public List<TxnId> victims() {
        return new CycleSweep().run();
    }

    /** The holders {@code waiter} waits for, over all sources; a copy. */
    public Set<TxnId> waitsFor(TxnId waiter) {
        return Collections.unmodifiableSet(new TreeSet<>(successors(waiter)));
    }

    /** The number of distinct {@code waiter -> holder} edges in the union over sources. */
    public int edgeCount() {
        int count = 0;
        for (NavigableMap<TxnId, Integer> holders : out.values()) {
            count += holders.size();
        }
        return count;
    }

    private Set<TxnId> successors(TxnId waiter) {
        NavigableMap<TxnId, Integer> holders = out.get(waiter);
        return holders == null ? Set.of() : holders.navigableKeySet();
    }

    private void link(TxnId waiter, TxnId holder) {
        if (out.computeIfAbsent(waiter, w -> new TreeMap<>()).merge(holder, 1, Integer::sum) == 1) {
            in.computeIfAbsent(holder, h -> new TreeSet<>()).add(waiter);
        }
    }

    private void unlink(TxnId waiter, TxnId holder) {
        NavigableMap<TxnId, Integer> holders = out.get(waiter);
        Invariants.check(holders != null && holders.containsKey(holder), "edge %s -> %s missing from the union", waiter, holder);
        if (holders.merge(holder, -1, Integer::sum) > 0) {
            return;  // another source still reports this edge
        }
        holders.remove(holder);
        if (holders.isEmpty()) {
            out.remove(waiter);
        }
        Set<TxnId> waiters = in.get(holder);
        waiters.remove(waiter);
        if (waiters.isEmpty()) {
            in.remove(holder);
        }
    }

    /**
     * One full sweep: a depth-first search over the whole graph in {@link TxnId} order with the
     * usual colours. A finished ("done") node reaches no cycle and only points at finished or
     * removed nodes, which stays true as victims are removed, so finished nodes are never
     * searched again; after each cycle only the nodes on the current path are searched anew.
     */
    private final class CycleSweep {
        private final Set<TxnId> removed = new HashSet<>();
        private final Set<TxnId> done = new HashSet<>();
        private final List<TxnId> victims = new ArrayList<>();

        List<TxnId> run() {
            for (TxnId root : out.navigableKeySet()) {
                // A cycle found from this root may leave another one reachable from it.
                while (!done.contains(root) && !removed.contains(root)) {
                    List<TxnId> cycle = search(root);
                    if (cycle.isEmpty()) {
                        break;
                    }
                    TxnId victim = Collections.max(cycle);
                    removed.add(victim);
                    victims.add(victim);
                }
            }
            return victims;
        }

        /** The first cycle reachable from {@code root}, or empty after marking all it reaches done. */
        private List<TxnId> search(TxnId root) {
            List<TxnId> path = new ArrayList<>();
            Map<TxnId, Integer> onPath = new TreeMap<>();
            ArrayDeque<Iterator<TxnId>> pending = new ArrayDeque<>();
            path.add(root);
            onPath.put(root, 0);
            pending.addLast(successors(root).iterator());
            while (!pending.isEmpty()) {
                Iterator<TxnId> next = pending.peekLast();
                if (!next.hasNext()) {
                    pending.removeLast();
                    TxnId finished = path.removeLast();
                    onPath.remove(finished);
                    done.add(finished);
                    continue;
                }
                TxnId holder = next.next();
                if (removed.contains(holder) || done.contains(holder)) {
                    continue;
                }
                Integer at = onPath.get(holder);
                if (at != null) {
                    return List.copyOf(path.subList(at, path.size()));
                }
                onPath.put(holder, path.size());
                path.add(holder);
                pending.addLast(successors(holder).iterator());
            }
            return List.of();
        }
    }
}
