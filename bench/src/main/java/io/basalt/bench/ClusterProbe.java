package io.basalt.bench;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.NodeStatusReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until the cluster has a leader and prints it, for the bench scripts:
 * {@code leader=n2 term=3 pid=12345}. Asks every node for its status (as {@code basalt status}
 * does); a node that reports itself LEADER of group 1 is the leader. With {@code --all}, it also
 * waits until every node answers and names that leader in that term (a restarted node has
 * rejoined). Exit status 1 if that does not happen within {@code --wait-s}.
 *
 * <pre>
 * java -cp ... io.basalt.bench.ClusterProbe --endpoints n1=127.0.0.1:7101,... [--all] [--wait-s 60]
 * </pre>
 */
public final class ClusterProbe {
    private ClusterProbe() {}

    public static void main(String[] args) {
        String endpoints = null;
        boolean all = false;
        long waitS = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--endpoints" -> endpoints = args[++i];
                case "--all" -> all = true;
                case "--wait-s" -> waitS = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (endpoints == null) {
            throw new IllegalArgumentException("--endpoints is required");
        }
        List<NodeId> nodes = List.copyOf(BasaltClients.parse(endpoints).keySet());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitS);
        String last = "no answer yet";
        try (BasaltClient client = BasaltClients.connect(endpoints, Duration.ofSeconds(1))) {
            while (System.nanoTime() - deadline < 0) {
                List<NodeStatusReport> reports = new ArrayList<>();
                List<String> problems = new ArrayList<>();
                for (NodeId n : nodes) {
                    try {
                        reports.add(client.status(n));
                    } catch (ClientException e) {
                        problems.add(n + " unreachable");
                    }
                }
                NodeStatusReport leader = null;
                RaftStatus leaderGroup = null;
                for (NodeStatusReport r : reports) {
                    for (RaftStatus g : r.groups()) {
                        if (g.role() == RaftRole.LEADER && (leaderGroup == null || g.term() > leaderGroup.term())) {
                            leader = r;
                            leaderGroup = g;
                        }
                    }
                }
                if (leader == null) {
                    problems.add("no leader");
                } else if (all) {
                    for (NodeStatusReport r : reports) {
                        for (RaftStatus g : r.groups()) {
                            if (g.groupId() == leaderGroup.groupId()
                                && (g.term() != leaderGroup.term() || !leader.node().equals(g.leader()))) {
                                problems.add(r.node() + " sees leader " + g.leader() + " in term " + g.term());
                            }
                        }
                    }
                }
                if (leader != null && (!all || problems.isEmpty())) {
                    System.out.printf("leader=%s term=%d pid=%d%n", leader.node(), leaderGroup.term(), leader.pid());
                    System.exit(0);
                }
                last = String.join(", ", problems);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
        System.err.println("no leader" + (all ? " known to every node" : "") + " after " + waitS + " s: " + last);
        System.exit(1);
    }
}
