package io.basalt.bench;

import io.basalt.common.NodeId;
import io.basalt.kv.KvResult;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.NodeStatusReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows one node from its process start until it serves reads, for bench/larger-than-ram.sh.
 * The probe starts first and prints {@code ready} once its own JVM is warm (it has asked the
 * cluster for its status once); the script then starts the node and writes the instant it did to
 * {@code --mark-file} (wall clock, {@code $EPOCHREALTIME}). The probe polls, every
 * {@value #POLL_MS} ms, the node's status and the leader's, and prints milliseconds after that
 * instant:
 * <ul>
 *   <li>{@code answered_ms}: the node first answered a status request (its log and state engine
 *       are open and it listens);
 *   <li>{@code caught_up_ms}: its applied index first reached the leader's commit index read just
 *       before: it holds every acknowledged write and could serve reads were it the leader;
 *   <li>{@code serving_ms} (with {@code --lead}): leadership was handed to it and a linearizable
 *       read of key {@code --read-key} sent to it alone was answered while it led. Only the
 *       leader serves reads, so this is the node's own time to serve one; it includes one
 *       leadership transfer (an election round).
 * </ul>
 * Exit status 1 if the node does not catch up (or serve) within {@code --wait-s} of the mark, 3
 * if the mark does not come within a minute.
 *
 * <pre>
 * java -cp ... io.basalt.bench.RestartProbe --endpoints n1=...,... --node n2 --mark-file F
 *      [--lead] [--read-key 0] [--key-bytes 16] [--wait-s 600]
 * </pre>
 */
public final class RestartProbe {
    private static final long POLL_MS = 20;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    /**
     * A status request to the starting node gives up after this: one sent while it listens but
     * has not opened its groups yet gets no answer, and must not hold up the next poll long.
     */
    private static final Duration NODE_POLL_TIMEOUT = Duration.ofMillis(500);
    private static final long MARK_WAIT_S = 60;

    private RestartProbe() {}

    public static void main(String[] args) throws Exception {
        String endpoints = null;
        NodeId node = null;
        Path markFile = null;
        boolean lead = false;
        long readKey = 0;
        int keyBytes = 16;
        long waitS = 600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--endpoints" -> endpoints = args[++i];
                case "--node" -> node = NodeId.of(args[++i]);
                case "--mark-file" -> markFile = Path.of(args[++i]);
                case "--lead" -> lead = true;
                case "--read-key" -> readKey = Long.parseLong(args[++i]);
                case "--key-bytes" -> keyBytes = Integer.parseInt(args[++i]);
                case "--wait-s" -> waitS = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (endpoints == null || node == null || markFile == null) {
            throw new IllegalArgumentException("--endpoints, --node and --mark-file are required");
        }
        String own = ownEndpoint(endpoints, node);
        Timeline t = new Timeline();
        try (BasaltClient cluster = BasaltClients.connect(endpoints, CALL_TIMEOUT);
             BasaltClient poll = BasaltClients.connect(own, NODE_POLL_TIMEOUT)) {
            List<NodeId> all = List.copyOf(BasaltClients.parse(endpoints).keySet());
            leaderCommit(cluster, all); // loads and compiles the status path before the clock starts
            group(poll, node);
            System.out.println("ready");
            System.out.flush();
            long startedAtNanos = awaitMark(markFile);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitS);
            catchUp(cluster, poll, all, node, startedAtNanos, deadline, t);
            if (lead && !t.caughtUp.equals("NaN")) {
                t.serving = serve(cluster, poll, own, node, readKey, keyBytes, startedAtNanos, deadline);
            }
        }
        System.out.printf(Locale.ROOT, "restart node=%s answered_ms=%s caught_up_ms=%s serving_ms=%s applied=%d"
            + " leader_commit=%d%n", node, t.answered, t.caughtUp, t.serving, t.applied, t.target);
        System.out.flush();
        if (t.caughtUp.equals("NaN") || (lead && t.serving.equals("NaN"))) {
            System.err.println(node + " not serving after " + waitS + " s: " + t.problem);
            Runtime.getRuntime().halt(1);
        }
        Runtime.getRuntime().halt(0);
    }

    /** What the probe saw, in milliseconds after the mark ("NaN": not reached). */
    private static final class Timeline {
        String answered = "NaN";
        String caughtUp = "NaN";
        String serving = "NaN";
        long applied = -1;
        long target = -1;
        String problem = "no answer yet";
    }

    /**
     * Polls until {@code node} answers and has applied the leader's commit index. The other nodes
     * are asked through {@code cluster}, the starting one through {@code poll} (a short timeout);
     * if it leads itself, its own commit index is the target.
     */
    private static void catchUp(BasaltClient cluster, BasaltClient poll, List<NodeId> all, NodeId node,
                                long startedAtNanos, long deadline, Timeline t) {
        List<NodeId> others = all.stream().filter(n -> !n.equals(node)).toList();
        while (System.nanoTime() - deadline < 0) {
            long leaderCommit = leaderCommit(cluster, others);
            RaftStatus g = group(poll, node);
            if (g != null && leaderCommit < 0 && g.role() == RaftRole.LEADER) {
                leaderCommit = g.commitIndex();
            }
            if (g != null) {
                if (t.answered.equals("NaN")) {
                    t.answered = since(startedAtNanos);
                }
                t.applied = g.appliedIndex();
                if (leaderCommit > 0 && t.applied >= leaderCommit) {
                    t.caughtUp = since(startedAtNanos);
                    t.target = leaderCommit;
                    return;
                }
                t.problem = "applied " + t.applied + " of the leader's commit index " + leaderCommit;
            } else {
                t.problem = node + " does not answer";
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    /**
     * Hands leadership to {@code node}, then reads through it alone until a read is answered
     * while it leads. Returns the milliseconds since the start, or NaN at the deadline.
     */
    private static String serve(BasaltClient cluster, BasaltClient poll, String own, NodeId node, long readKey,
                                int keyBytes, long startedAtNanos, long deadline) {
        byte[] key = new byte[keyBytes];
        BulkLoad.fill(key, readKey);
        try (BasaltClient direct = BasaltClients.connect(own, CALL_TIMEOUT)) {
            while (System.nanoTime() - deadline < 0) {
                RaftStatus g = group(poll, node);
                if (g != null && g.role() != RaftRole.LEADER) {
                    try {
                        cluster.transferLeader(node);
                    } catch (ClientException e) {
                        // Not caught up enough yet, or an election under way: asked again below.
                    }
                } else if (g != null) {
                    try {
                        KvResult r = direct.get(key);
                        RaftStatus after = group(poll, node);
                        if (r.found() && after != null && after.role() == RaftRole.LEADER && after.term() == g.term()) {
                            return since(startedAtNanos);
                        }
                    } catch (ClientException e) {
                        // Leadership moved on meanwhile: try again.
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
            }
        }
        return "NaN";
    }

    /** The commit index of whichever of {@code nodes} leads now, or -1 if none says it does. */
    private static long leaderCommit(BasaltClient client, List<NodeId> nodes) {
        long commit = -1;
        long term = -1;
        for (NodeId n : nodes) {
            RaftStatus g = group(client, n);
            if (g != null && g.role() == RaftRole.LEADER && g.term() > term) {
                term = g.term();
                commit = g.commitIndex();
            }
        }
        return commit;
    }

    /** Group 1 as {@code node} reports it, or null if it does not answer. */
    private static RaftStatus group(BasaltClient client, NodeId node) {
        try {
            NodeStatusReport r = client.status(node);
            return r.groups().isEmpty() ? null : r.groups().getFirst();
        } catch (ClientException e) {
            return null;
        }
    }

    private static String ownEndpoint(String endpoints, NodeId node) {
        for (String item : endpoints.split(",")) {
            if (item.trim().startsWith(node.value() + "=")) {
                return item.trim();
            }
        }
        throw new IllegalArgumentException(node + " is not among " + endpoints);
    }

    private static String since(long startedAtNanos) {
        return String.format(Locale.ROOT, "%.0f", (FailoverProbe.nowNanos() - startedAtNanos) / 1e6);
    }

    /** The instant the script started the node, in epoch nanoseconds; exits with status 3 without it. */
    private static long awaitMark(Path markFile) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(MARK_WAIT_S);
        long m;
        while ((m = FailoverProbe.readMark(markFile)) == Long.MAX_VALUE) {
            if (System.nanoTime() - giveUp > 0) {
                System.out.println("no mark in " + markFile);
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return m;
    }
}
