package io.basalt.sim.check.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Finds and explains the cycles of a {@link DependencyGraph}, one strongly connected component
 * at a time. For each {@link CycleKind}, most severe first, it looks for the shortest simple
 * cycle of that kind with a breadth-first search over (node, edges used so far) restricted to
 * the component and the kind's edge types, starting only at sources of an edge the kind
 * requires. A "-realtime" kind is searched only when its base kind was not found in the
 * component, so it names the violations real time alone exposes. The search is bounded by
 * {@link #SEARCH_STEPS_MAX} per component and kind; a component in which nothing was found then
 * still reports its shortest cycle of any kind, classified by its edges.
 */
final class CycleSearch {
    /** Edge visits allowed per (component, kind) search before it settles for what it has. */
    static final int SEARCH_STEPS_MAX = 1_000_000;
    private static final int STATES = CycleKind.COUNTER_STATES;

    private final DependencyGraph graph;
    private final int[] scc;
    private final int[] local;
    private final int[] seen;
    private final int[] parentState;
    private final Edge[] parentEdge;
    private final int[] queue;
    private int stamp;
    private long steps;

    private CycleSearch(DependencyGraph graph, int[] scc, int[] local) {
        this.graph = graph;
        this.scc = scc;
        this.local = local;
        this.seen = new int[scc.length * STATES];
        this.parentState = new int[scc.length * STATES];
        this.parentEdge = new Edge[scc.length * STATES];
        this.queue = new int[scc.length * STATES];
    }

    static List<Anomaly> find(DependencyGraph graph) {
        List<Anomaly> anomalies = new ArrayList<>();
        int[] local = new int[graph.size()];
        Arrays.fill(local, -1);
        for (int[] scc : StronglyConnected.components(graph)) {
            for (int i = 0; i < scc.length; i++) {
                local[scc[i]] = i;
            }
            anomalies.addAll(new CycleSearch(graph, scc, local).anomalies());
            for (int node : scc) {
                local[node] = -1;
            }
        }
        return anomalies;
    }

    private List<Anomaly> anomalies() {
        List<Anomaly> found = new ArrayList<>();
        Set<CycleKind> kinds = EnumSet.noneOf(CycleKind.class);
        boolean exhausted = false;
        for (CycleKind kind : CycleKind.values()) {
            if (kind.realtime() && kinds.contains(kind.base())) {
                continue;
            }
            steps = 0;
            List<Edge> cycle = shortest(kind);
            exhausted |= steps > SEARCH_STEPS_MAX;
            if (cycle != null) {
                kinds.add(kind);
                found.add(anomaly(kind, cycle, ""));
            }
        }
        if (found.isEmpty()) {
            // Every cycle has a kind, so only an exhausted search gets here.
            List<Edge> cycle = anyCycle();
            String note = exhausted ? " (the search gave up after " + SEARCH_STEPS_MAX + " steps; a more severe cycle may exist)" : "";
            found.add(anomaly(CycleKind.classify(counters(cycle)), cycle, note));
        }
        return found;
    }

    private Anomaly anomaly(CycleKind kind, List<Edge> cycle, String note) {
        List<Integer> ids = new ArrayList<>();
        StringJoiner path = new StringJoiner(" -> ");
        StringJoiner why = new StringJoiner("; ");
        for (Edge e : collapseRealTime(cycle)) {
            ids.add(graph.nodes().get(e.from()).id());
            path.add(Describe.txn(ids.getLast()));
            why.add(e.explain(graph.nodes()));
        }
        path.add(Describe.txn(ids.getFirst()));
        return new Anomaly(kind.label, kind.describe() + note + ", " + path + ": " + why, ids);
    }

    /**
     * Real time is transitive and its edges are transitively reduced, so a cycle may walk a
     * chain of them; it reads better as one: "T1 completed before T5 was invoked".
     */
    static List<Edge> collapseRealTime(List<Edge> cycle) {
        int n = cycle.size();
        int start = 0;
        if (cycle.getFirst().type() == EdgeType.RT && cycle.getLast().type() == EdgeType.RT) {
            // Start after the last other edge, so that no run of rt edges wraps around the end.
            start = n - 1;
            while (cycle.get(start).type() == EdgeType.RT) {
                start--;
            }
            start++;
        }
        List<Edge> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Edge e = cycle.get((start + k) % n);
            Edge prev = out.isEmpty() ? null : out.getLast();
            if (prev != null && prev.type() == EdgeType.RT && e.type() == EdgeType.RT) {
                out.set(out.size() - 1, new Edge(prev.from(), e.to(), EdgeType.RT, null, null, prev.earlier(), e.later()));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** The shortest cycle of {@code kind} in the component, or null. Two edges is the shortest possible. */
    private List<Edge> shortest(CycleKind kind) {
        List<Edge> best = null;
        for (int s = 0; s < scc.length && steps <= SEARCH_STEPS_MAX; s++) {
            if (!startsEdge(s, kind.required())) {
                continue;
            }
            List<Edge> cycle = shortestThrough(s, kind);
            if (cycle != null && (best == null || cycle.size() < best.size())) {
                best = cycle;
            }
            if (best != null && best.size() == 2) {
                break;
            }
        }
        return best;
    }

    private boolean startsEdge(int s, EdgeType type) {
        return graph.out(scc[s]).stream().anyMatch(e -> e.type() == type && local[e.to()] >= 0);
    }

    /** Breadth-first over (node, counters) from {@code s} back to {@code s}, keeping each path simple. */
    private List<Edge> shortestThrough(int s, CycleKind kind) {
        stamp++;
        int head = 0;
        int tail = 0;
        int start = s * STATES;
        seen[start] = stamp;
        parentState[start] = -1;
        queue[tail++] = start;
        while (head < tail) {
            int state = queue[head++];
            for (Edge e : graph.out(scc[state / STATES])) {
                int v = local[e.to()];
                if (v < 0 || !kind.allowed.contains(e.type())) {
                    continue;
                }
                if (++steps > SEARCH_STEPS_MAX) {
                    return null;
                }
                int counters = CycleKind.add(state % STATES, e.type());
                if (!kind.admits(counters)) {
                    continue;
                }
                if (v == s) {
                    if (kind.satisfiedBy(counters)) {
                        return path(state, e);
                    }
                    continue;
                }
                int next = v * STATES + counters;
                if (seen[next] != stamp && !onPath(state, v)) {
                    seen[next] = stamp;
                    parentState[next] = state;
                    parentEdge[next] = e;
                    queue[tail++] = next;
                }
            }
        }
        return null;
    }

    /** Whether the path that reached {@code state} already passes through local node {@code v}. */
    private boolean onPath(int state, int v) {
        for (int st = state; st >= 0; st = parentState[st]) {
            steps++;
            if (st / STATES == v) {
                return true;
            }
        }
        return false;
    }

    private List<Edge> path(int state, Edge last) {
        List<Edge> edges = new ArrayList<>();
        edges.add(last);
        for (int st = state; parentState[st] >= 0; st = parentState[st]) {
            edges.add(parentEdge[st]);
        }
        Collections.reverse(edges);
        return edges;
    }

    /** The shortest cycle through the component's first node over any edges: plain BFS paths are simple. */
    private List<Edge> anyCycle() {
        Edge[] via = new Edge[scc.length];
        boolean[] reached = new boolean[scc.length];
        int[] order = new int[scc.length];
        int head = 0;
        int tail = 0;
        order[tail++] = 0;
        reached[0] = true;
        while (head < tail) {
            int u = order[head++];
            for (Edge e : graph.out(scc[u])) {
                int v = local[e.to()];
                if (v == 0) {
                    List<Edge> edges = new ArrayList<>(List.of(e));
                    for (int w = u; w != 0; w = local[via[w].from()]) {
                        edges.add(via[w]);
                    }
                    Collections.reverse(edges);
                    return edges;
                }
                if (v > 0 && !reached[v]) {
                    reached[v] = true;
                    via[v] = e;
                    order[tail++] = v;
                }
            }
        }
        throw new IllegalStateException("strongly connected component without a cycle through node " + scc[0]);
    }

    private static int counters(List<Edge> cycle) {
        int c = 0;
        for (Edge e : cycle) {
            c = CycleKind.add(c, e.type());
        }
        return c;
    }
}
