package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.Map;

/**
 * The invariants the {@link Cluster} checks after every step: persist-before-send (every vote
 * or acknowledgement is backed by the sender's disk), leader completeness and log matching.
 * State-machine safety and one leader per term are checked where Readys are handled.
 */
final class ClusterCheckers {
    private ClusterCheckers() {}

    static void checkDurable(Cluster c, NodeId id, Message m) {
        Cluster.Disk d = c.disks.get(id);
        switch (m) {
            case Message.VoteResponse v when v.granted() && !v.preVote() -> {
                if (d.hardState.term() != v.term() || !v.to().equals(d.hardState.votedFor())) {
                    c.violation(id + " granted a vote not on disk: " + m + " disk " + d.hardState);
                }
            }
            case Message.VoteRequest v when v.kind() != VoteKind.PRE_VOTE -> {
                if (d.hardState.term() != v.term() || !id.equals(d.hardState.votedFor())) {
                    c.violation(id + " campaigns without a durable self-vote: " + m + " disk " + d.hardState);
                }
            }
            case Message.AppendResponse a when a.success() -> {
                if (d.lastIndex() < a.matchIndex()) {
                    c.violation(id + " acknowledged " + a.matchIndex() + " but holds " + d.lastIndex() + " durably");
                }
            }
            default -> { }
        }
    }

    /** A new leader's log holds every entry any node has applied (Raft §5.4, leader completeness). */
    static void checkLeaderCompleteness(Cluster c, NodeId id) {
        RaftLog log = c.nodes.get(id).log;
        for (Map.Entry<Long, Entry> e : c.appliedAt.entrySet()) {
            long i = e.getKey();
            if (i > log.lastIndex() || (i >= log.firstIndex() && !log.entry(i).equals(e.getValue()))) {
                c.violation("leader completeness: new leader " + id + " lacks applied " + e.getValue());
                return;
            }
        }
    }

    /** Every pair of nodes: an index with equal terms in both logs implies equal prefixes. */
    static void checkLogMatching(Cluster c) {
        for (int a = 0; a < c.ids.size(); a++) {
            for (int b = a + 1; b < c.ids.size(); b++) {
                RaftLog la = c.nodes.get(c.ids.get(a)).log;
                RaftLog lb = c.nodes.get(c.ids.get(b)).log;
                long lo = Math.max(la.firstIndex(), lb.firstIndex());
                long hi = Math.min(la.lastIndex(), lb.lastIndex());
                long lastSame = 0;
                for (long i = hi; i >= lo; i--) {
                    if (la.term(i) == lb.term(i)) {
                        lastSame = i;
                        break;
                    }
                }
                for (long i = lo; i <= lastSame; i++) {
                    if (!la.entry(i).equals(lb.entry(i))) {
                        c.violation("log matching: " + c.ids.get(a) + " and " + c.ids.get(b) + " agree at " + lastSame
                            + " but differ at " + i);
                        return;
                    }
                }
            }
        }
    }
}
