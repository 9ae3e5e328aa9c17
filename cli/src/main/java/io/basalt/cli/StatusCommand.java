package io.basalt.cli;

import io.basalt.common.NodeId;
import io.basalt.raft.FollowerProgress;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.NodeStatusReport;
import io.basalt.server.client.SnapshotProgress;
import io.basalt.storage.api.EngineStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code basalt status}: role, term, positions and lag of every node and group. A replica whose
 * write-ahead log failed shows as FAILED, with the reason (the file and the disk's error).
 */
@Command(name = "status", description = "Show every node's groups: role, term, leader, commit/applied index, mode, lag.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        List<NodeStatusReport> reports = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        try (BasaltClient client = cluster.connect()) {
            for (NodeId node : cluster.peers().addresses().keySet()) {
                try {
                    reports.add(client.status(node));
                } catch (ClientException e) {
                    unreachable.add(node + ": " + e.getMessage());
                }
            }
        }
        if (json) {
            System.out.println(StatusJson.render(reports, unreachable));
        } else {
            printTable(reports, unreachable);
        }
        return reports.isEmpty() ? 1 : 0;
    }

    private static void printTable(List<NodeStatusReport> reports, List<String> unreachable) {
        System.out.printf("%-5s %-8s %-6s %-9s %-5s %-7s %-8s %-8s %-8s %-9s %s%n",
            "NODE", "PID", "GROUP", "ROLE", "TERM", "LEADER", "LAST", "COMMIT", "APPLIED", "MODE", "LAG / NOTES");
        for (NodeStatusReport r : reports) {
            for (RaftStatus g : r.groups()) {
                String stopped = r.stopReason(g.groupId());
                System.out.printf("%-5s %-8d %-6d %-9s %-5d %-7s %-8d %-8d %-8d %-9s %s%n",
                    r.node(), r.pid(), g.groupId(), stopped != null ? "FAILED" : g.role(), g.term(),
                    g.leader() == null ? "-" : g.leader(), g.lastIndex(), g.commitIndex(), g.appliedIndex(),
                    g.replicationMode().cliName(), stopped != null ? "WRITES STOPPED: " + stopped
                        : (notes(g) + "  " + cache(r.engineCache(g.groupId()))).trim());
                for (SnapshotProgress p : r.snapshotTransfers(g.groupId())) {
                    System.out.printf("%-5s %-8s %-6d %s%n", "", "", g.groupId(), p.describe());
                }
            }
        }
        for (String u : unreachable) {
            System.out.println("unreachable " + u);
        }
    }

    /** The state engine's read cache: how much of what was read came from RAM. */
    static String cache(EngineStats c) {
        if (c == null) {
            return "";
        }
        long lookups = c.blockCacheHits() + c.blockCacheMisses();
        String ratio = lookups == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * c.blockCacheHitRatio());
        String amp = c.appliedBytes() == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f", c.writeAmplification());
        return "cache hits " + ratio + " of " + lookups + " block reads, " + (c.blockCacheUsageBytes() >> 20) + "/"
            + (c.blockCacheCapacityBytes() >> 20) + " MiB, write amp " + amp + " (" + (c.appliedBytes() >> 20)
            + " MiB applied)";
    }

    private static String notes(RaftStatus g) {
        StringBuilder sb = new StringBuilder();
        for (FollowerProgress f : g.followers()) {
            sb.append(f.id()).append(f.learner() ? "(learner)" : "").append(": ")
                .append(f.lagEntries()).append(" entries/").append(f.lagBytes()).append(" B behind  ");
        }
        if (g.unshippedEntries() > 0) {
            sb.append("unshipped: ").append(g.unshippedEntries()).append("  ");
        }
        if (g.lostCommittedEntries() > 0) {
            sb.append("LOST acknowledged entries: ").append(g.lostCommittedEntries());
        }
        return sb.toString().trim();
    }
}
