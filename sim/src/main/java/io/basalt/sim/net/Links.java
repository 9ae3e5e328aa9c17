package io.basalt.sim.net;

import java.util.Arrays;
import java.util.Set;

/**
 * Which node-to-node links are cut. Directions are independent, which is what makes
 * asymmetric partitions (A→B cut, B→A open) and bridges (one node sees both sides that do
 * not see each other) expressible. Clients are outside partitions: they can still reach any
 * node, as a client would reach a deposed leader through a load balancer.
 */
public final class Links {
    private final boolean[][] cut;

    public Links(int nodes) {
        cut = new boolean[nodes][nodes];
    }

    public boolean isCut(int from, int to) {
        return from < cut.length && to < cut.length && cut[from][to];
    }

    public boolean anyCut() {
        for (boolean[] row : cut) {
            for (boolean c : row) {
                if (c) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Cuts the one link {@code from → to}. */
    public void cut(int from, int to) {
        cut[from][to] = true;
    }

    /** Two sides that cannot talk to each other in either direction. */
    public void splitSymmetric(Set<Integer> sideA) {
        for (int a = 0; a < cut.length; a++) {
            for (int b = 0; b < cut.length; b++) {
                if (sideA.contains(a) != sideA.contains(b)) {
                    cut[a][b] = true;
                }
            }
        }
    }

    /** Messages from {@code senders} to everyone else are lost; the reverse direction works. */
    public void cutOneWay(Set<Integer> senders) {
        for (int a : senders) {
            for (int b = 0; b < cut.length; b++) {
                if (!senders.contains(b)) {
                    cut[a][b] = true;
                }
            }
        }
    }

    /** {@code sideA} and {@code sideB} cannot talk; {@code bridge} talks to both. */
    public void bridge(Set<Integer> sideA, Set<Integer> sideB) {
        for (int a : sideA) {
            for (int b : sideB) {
                cut[a][b] = true;
                cut[b][a] = true;
            }
        }
    }

    public void isolate(int node) {
        for (int b = 0; b < cut.length; b++) {
            if (b != node) {
                cut[node][b] = true;
                cut[b][node] = true;
            }
        }
    }

    public void heal() {
        for (boolean[] row : cut) {
            Arrays.fill(row, false);
        }
    }
}
