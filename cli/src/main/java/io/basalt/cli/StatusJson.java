package io.basalt.cli;

import io.basalt.raft.FollowerProgress;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.NodeStatusReport;
import io.basalt.server.client.SnapshotProgress;
import io.basalt.storage.api.EngineStats;
import java.util.List;

/** Renders status as JSON by hand: the shape is small and fixed, so no JSON library is pulled in. */
final class StatusJson {
    private StatusJson() {}

    static String render(List<NodeStatusReport> reports, List<String> unreachable) {
        StringBuilder sb = new StringBuilder("{\"nodes\":[");
        for (int i = 0; i < reports.size(); i++) {
            NodeStatusReport r = reports.get(i);
            sb.append(i > 0 ? "," : "").append("{\"node\":").append(str(r.node().value()))
                .append(",\"pid\":").append(r.pid()).append(",\"listen\":").append(str(r.listen()))
                .append(",\"groups\":[");
            for (int j = 0; j < r.groups().size(); j++) {
                sb.append(j > 0 ? "," : "");
                long id = r.groups().get(j).groupId();
                group(sb, r.groups().get(j), r.stopReason(id));
                cache(sb, r.engineCache(id));
                transfers(sb, r.snapshotTransfers(id));
                sb.append('}');
            }
            sb.append("]}");
        }
        sb.append("],\"unreachable\":[");
        for (int i = 0; i < unreachable.size(); i++) {
            sb.append(i > 0 ? "," : "").append(str(unreachable.get(i)));
        }
        return sb.append("]}").toString();
    }

    private static void group(StringBuilder sb, RaftStatus g, String stopped) {
        sb.append("{\"group\":").append(g.groupId())
            .append(",\"role\":").append(str(stopped != null ? "FAILED" : g.role().name()))
            .append(",\"writesStopped\":").append(stopped == null ? "null" : str(stopped))
            .append(",\"term\":").append(g.term())
            .append(",\"leader\":").append(g.leader() == null ? "null" : str(g.leader().value()))
            .append(",\"firstIndex\":").append(g.firstIndex())
            .append(",\"lastIndex\":").append(g.lastIndex())
            .append(",\"commitIndex\":").append(g.commitIndex())
            .append(",\"appliedIndex\":").append(g.appliedIndex())
            .append(",\"replication\":").append(str(g.replicationMode().cliName()))
            .append(",\"failover\":").append(str(g.failoverMode().name().toLowerCase(java.util.Locale.ROOT)))
            .append(",\"lostCommittedEntries\":").append(g.lostCommittedEntries())
            .append(",\"unshippedEntries\":").append(g.unshippedEntries())
            .append(",\"followers\":[");
        for (int k = 0; k < g.followers().size(); k++) {
            FollowerProgress f = g.followers().get(k);
            sb.append(k > 0 ? "," : "").append("{\"node\":").append(str(f.id().value()))
                .append(",\"learner\":").append(f.learner())
                .append(",\"matchIndex\":").append(f.matchIndex())
                .append(",\"lagEntries\":").append(f.lagEntries())
                .append(",\"lagBytes\":").append(f.lagBytes()).append('}');
        }
        sb.append(']');
    }

    /** The state engine's block cache; null for a memory engine, which has none. */
    private static void cache(StringBuilder sb, EngineStats c) {
        sb.append(",\"engineCache\":");
        if (c == null) {
            sb.append("null");
            return;
        }
        sb.append("{\"hits\":").append(c.blockCacheHits())
            .append(",\"misses\":").append(c.blockCacheMisses())
            .append(",\"hitRatio\":").append(String.format(java.util.Locale.ROOT, "%.4f", c.blockCacheHitRatio()))
            .append(",\"usageBytes\":").append(c.blockCacheUsageBytes())
            .append(",\"capacityBytes\":").append(c.blockCacheCapacityBytes())
            .append(",\"appliedBytes\":").append(c.appliedBytes())
            .append(",\"flushBytes\":").append(c.flushBytes())
            .append(",\"compactionBytes\":").append(c.compactionBytes())
            .append(",\"writeAmplification\":").append(String.format(java.util.Locale.ROOT, "%.2f", c.writeAmplification()))
            .append(",\"iteratorSkips\":").append(c.iteratorSkips()).append('}');
    }

    /** Snapshot transfers under way to or from the node: bytes held of the total, the recent rate. */
    private static void transfers(StringBuilder sb, List<SnapshotProgress> transfers) {
        sb.append(",\"snapshotTransfers\":[");
        for (int i = 0; i < transfers.size(); i++) {
            SnapshotProgress p = transfers.get(i);
            sb.append(i > 0 ? "," : "").append("{\"direction\":").append(str(p.receiving() ? "receiving" : "sending"))
                .append(",\"peer\":").append(str(p.peer().value()))
                .append(",\"index\":").append(p.index())
                .append(",\"term\":").append(p.term())
                .append(",\"bytesDone\":").append(p.bytesDone())
                .append(",\"bytesTotal\":").append(p.bytesTotal())
                .append(",\"bytesPerSecond\":").append(p.bytesPerSecond())
                .append(",\"resumedBytes\":").append(p.resumedBytes()).append('}');
        }
        sb.append(']');
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
