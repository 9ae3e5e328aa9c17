package io.basalt.sim.check.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Tarjan's strongly connected components, iterative so that a long chain of dependencies (a
 * serial history of thousands of transactions) cannot overflow the thread's stack.
 */
final class StronglyConnected {
    private StronglyConnected() {}

    /** The components with two or more nodes, each sorted, ordered by their smallest node. */
    static List<int[]> components(DependencyGraph g) {
        int n = g.size();
        int[] index = new int[n];
        Arrays.fill(index, -1);
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        int[] callNode = new int[n];
        int[] callEdge = new int[n];
        int counter = 0;
        List<int[]> components = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callNode[0] = root;
            callEdge[0] = 0;
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int u = callNode[depth];
                List<Edge> edges = g.out(u);
                if (callEdge[depth] < edges.size()) {
                    int v = edges.get(callEdge[depth]++).to();
                    if (index[v] < 0) {
                        index[v] = low[v] = counter++;
                        stack[sp++] = v;
                        onStack[v] = true;
                        depth++;
                        callNode[depth] = v;
                        callEdge[depth] = 0;
                    } else if (onStack[v]) {
                        low[u] = Math.min(low[u], index[v]);
                    }
                    continue;
                }
                if (low[u] == index[u]) {
                    int start = sp;
                    do {
                        start--;
                        onStack[stack[start]] = false;
                    } while (stack[start] != u);
                    if (sp - start > 1) {
                        int[] component = Arrays.copyOfRange(stack, start, sp);
                        Arrays.sort(component);
                        components.add(component);
                    }
                    sp = start;
                }
                depth--;
                if (depth >= 0) {
                    int parent = callNode[depth];
                    low[parent] = Math.min(low[parent], low[u]);
                }
            }
        }
        components.sort(Comparator.comparingInt(c -> c[0]));
        return components;
    }
}
