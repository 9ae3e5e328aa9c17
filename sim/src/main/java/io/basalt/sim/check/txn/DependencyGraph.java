package io.basalt.sim.check.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph of a list-append history. Nodes are the committed transactions and the
 * unknown ones whose appends some committed read observed (they must have committed); aborted
 * transactions never appear. Edges come from the version orders (ww), from each transaction's
 * external reads, i.e. its first read of a key before it appended to that key (wr, rw), and,
 * when asked, from real time (rt). A value whose writer is not a node is skipped over, so the
 * order still links the nodes on either side of it.
 */
final class DependencyGraph {
    private record EdgeKey(int from, int to, EdgeType type) {}

    private final List<TxnRecord> nodes = new ArrayList<>();
    private final Map<Integer, Integer> indexById = new HashMap<>();
    private final List<List<Edge>> out = new ArrayList<>();
    private final Set<EdgeKey> present = new HashSet<>();
    private final int[] counts = new int[EdgeType.values().length];

    private DependencyGraph() {}

    static DependencyGraph build(List<TxnRecord> history, AppendIndex appends, VersionOrders orders, boolean realTime) {
        DependencyGraph g = new DependencyGraph();
        for (TxnRecord txn : history) {
            if (txn.outcome() == Outcome.OK || txn.outcome() == Outcome.INFO && observed(txn, orders)) {
                g.addNode(txn);
            }
        }
        g.addWriteWrite(appends, orders);
        for (int r = 0; r < g.nodes.size(); r++) {
            g.addReadEdges(r, appends, orders);
        }
        if (realTime) {
            g.addRealTime();
        }
        return g;
    }

    int size() {
        return nodes.size();
    }

    List<TxnRecord> nodes() {
        return nodes;
    }

    List<Edge> out(int node) {
        return out.get(node);
    }

    int edgeCount(EdgeType type) {
        return counts[type.ordinal()];
    }

    private static boolean observed(TxnRecord txn, VersionOrders orders) {
        return txn.ops().stream().anyMatch(op -> op instanceof MicroOp.Append a && orders.observed(a.key(), a.value()));
    }

    private void addNode(TxnRecord txn) {
        if (indexById.putIfAbsent(txn.id(), nodes.size()) != null) {
            throw new IllegalArgumentException("two transactions in the history have id " + txn.id());
        }
        nodes.add(txn);
        out.add(new ArrayList<>());
    }

    /** The node of a value's writer, or -1 if nobody appended it or its writer is not a node. */
    private int nodeOf(AppendIndex.Writer w) {
        if (w == null) {
            return -1;
        }
        Integer i = indexById.get(w.txn().id());
        return i != null && nodes.get(i) == w.txn() ? i : -1;
    }

    private void addEdge(Edge e) {
        if (present.add(new EdgeKey(e.from(), e.to(), e.type()))) {
            out.get(e.from()).add(e);
            counts[e.type().ordinal()]++;
        }
    }

    private void addWriteWrite(AppendIndex appends, VersionOrders orders) {
        for (String key : orders.keys()) {
            int prev = -1;
            long prevValue = 0;
            for (long v : orders.order(key)) {
                int w = nodeOf(appends.writer(key, v));
                if (w < 0) {
                    continue;
                }
                if (prev >= 0 && prev != w) {
                    addEdge(new Edge(prev, w, EdgeType.WW, key, null, prevValue, v));
                }
                prev = w;
                prevValue = v;
            }
        }
    }

    private void addReadEdges(int reader, AppendIndex appends, VersionOrders orders) {
        TxnRecord txn = nodes.get(reader);
        if (txn.outcome() != Outcome.OK) {
            return; // an unknown transaction's reads may not have happened at all
        }
        Set<String> touched = new HashSet<>();
        for (MicroOp op : txn.ops()) {
            switch (op) {
                case MicroOp.Append a -> touched.add(a.key());
                case MicroOp.Read r -> {
                    if (r.values() != null && touched.add(r.key())) {
                        addExternalRead(reader, r, appends, orders);
                    }
                }
            }
        }
    }

    /** wr from the writer of the last value read; rw to the writer of the first value after it. */
    private void addExternalRead(int reader, MicroOp.Read read, AppendIndex appends, VersionOrders orders) {
        String key = read.key();
        int next = 0;
        if (!read.values().isEmpty()) {
            long last = read.values().getLast();
            int w = nodeOf(appends.writer(key, last));
            if (w >= 0 && w != reader) {
                addEdge(new Edge(w, reader, EdgeType.WR, key, read.values(), last, 0));
            }
            next = orders.position(key, last) + 1;
            if (next == 0) {
                return;
            }
        }
        List<Long> order = orders.order(key);
        for (int i = next; i < order.size(); i++) {
            int w = nodeOf(appends.writer(key, order.get(i)));
            if (w >= 0) {
                if (w != reader) {
                    addEdge(new Edge(reader, w, EdgeType.RW, key, read.values(), 0, order.get(i)));
                }
                return;
            }
        }
    }

    /**
     * Real-time edges, transitively reduced as Elle does: a transaction links from the frontier
     * of transactions completed before its invocation, and a completion retires from the frontier
     * the transactions it linked from, which it now stands for. Every "completed before invoked"
     * pair is then joined by a path, with about as many edges as transactions run concurrently.
     * At equal times invocations come first, so the two transactions count as concurrent.
     */
    private void addRealTime() {
        int n = nodes.size();
        long[][] events = new long[2 * n][];
        int count = 0;
        for (int i = 0; i < n; i++) {
            events[count++] = new long[] {nodes.get(i).invokeTime(), 0, i};
            if (nodes.get(i).completeTime() != Long.MAX_VALUE) {
                events[count++] = new long[] {nodes.get(i).completeTime(), 1, i};
            }
        }
        Arrays.sort(events, 0, count, Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1])
            .thenComparingLong(e -> e[2]));
        Set<Integer> frontier = new LinkedHashSet<>();
        int[][] linkedFrom = new int[n][];
        for (int k = 0; k < count; k++) {
            int i = (int) events[k][2];
            if (events[k][1] == 0) {
                linkedFrom[i] = frontier.stream().mapToInt(Integer::intValue).toArray();
                for (int f : linkedFrom[i]) {
                    addEdge(new Edge(f, i, EdgeType.RT, null, null, nodes.get(f).completeTime(), nodes.get(i).invokeTime()));
                }
            } else {
                for (int f : linkedFrom[i]) {
                    frontier.remove(f);
                }
                frontier.add(i);
            }
        }
    }
}
