package io.basalt.cli;

import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.NettyBasaltClient;
import io.basalt.server.client.NodeStatusReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Real {@code basalt start} processes on loopback for tests: separate JVMs with their own data
 * directories, killed with SIGKILL and restarted with the same command line.
 */
final class NodeProcesses implements AutoCloseable {
    /**
     * How long a restarted node may take to catch up: a few seconds on a healthy machine, many
     * times that for a JVM starting on a loaded one (a shared CI host).
     */
    private static final Duration CATCH_UP_WITHIN = Duration.ofSeconds(45);

    final Path root;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    /** Each node's SQL port (PostgreSQL wire protocol); empty when the nodes serve no SQL. */
    final Map<String, Integer> sqlPorts = new LinkedHashMap<>();
    /** Each node's HTTP admin port (/metrics, /health); empty unless {@link #withHttp()}. */
    final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    final Map<String, Process> running = new LinkedHashMap<>();
    final String peers;
    /** Options every node is started with besides the ones this class sets. */
    private final List<String> extraArgs = new ArrayList<>();

    NodeProcesses(Path root, int count) throws IOException {
        this(root, count, false);
    }

    /** With {@code sql}, every node also serves SQL, on a port of its own that stays the same across restarts. */
    NodeProcesses(Path root, int count, boolean sql) throws IOException {
        this.root = root;
        int base = freeBase(sql ? 2 * count : count);
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ports.put("n" + i, base + i - 1);
            items.add("n" + i + "=127.0.0.1:" + (base + i - 1));
            if (sql) {
                sqlPorts.put("n" + i, base + count + i - 1);
            }
        }
        peers = String.join(",", items);
    }

    /** A run of free ports below the ephemeral range, so a restart can bind the same port again. */
    private static int freeBase(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
            boolean free = true;
            for (int p = base; p < base + count && free; p++) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress("127.0.0.1", p));
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free ports found");
    }

    List<String> startArgs(String id) {
        List<String> args = new ArrayList<>(List.of("start", "--id", id, "--listen", "127.0.0.1:" + ports.get(id),
            "--peers", peers, "--data-dir", root.resolve(id).toString()));
        if (sqlPorts.containsKey(id)) {
            args.addAll(List.of("--sql-listen", "127.0.0.1:" + sqlPorts.get(id)));
        }
        if (httpPorts.containsKey(id)) {
            args.addAll(List.of("--http-listen", "127.0.0.1:" + httpPorts.get(id)));
        }
        args.addAll(extraArgs);
        return List.copyOf(args);
    }

    Process start(String id) throws IOException {
        Process p = launch(startArgs(id), root.resolve(id + ".log"));
        running.put(id, p);
        return p;
    }

    void startAll() throws IOException {
        for (String id : ports.keySet()) {
            start(id);
        }
    }

    static Process launch(List<String> args, Path log) throws IOException {
        return DemoCommand.NodeProcess.launch(args.getFirst(), args, log).process();
    }

    /** Every node serves its HTTP admin port as well, on a port of its own that stays the same across restarts. */
    NodeProcesses withHttp() throws IOException {
        int base = freeBase(ports.size());
        int i = 0;
        for (String id : ports.keySet()) {
            httpPorts.put(id, base + i++);
        }
        return this;
    }

    /** Starts every node from now on with {@code args} as well, for example {@code --in-memory}. */
    NodeProcesses withStartArgs(String... args) {
        extraArgs.addAll(List.of(args));
        return this;
    }

    /** SIGTERM, and waits for the process to end: the node stops cleanly and closes its state engine. */
    void stop(String id) throws InterruptedException {
        Process p = running.remove(id);
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(id + " did not stop within 30 s of SIGTERM");
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill(String id) throws InterruptedException {
        Process p = running.remove(id);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    String log(String id) throws IOException {
        Path f = root.resolve(id + ".log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    BasaltClient client() {
        Map<NodeId, InetSocketAddress> nodes = new LinkedHashMap<>();
        ports.forEach((id, port) -> nodes.put(NodeId.of(id), new InetSocketAddress("127.0.0.1", port)));
        return NettyBasaltClient.connect("basalt", nodes, Duration.ofSeconds(2));
    }

    /** Waits until some node reports itself leader, and returns its id. */
    String awaitLeader(BasaltClient client, Duration within) {
        String[] leader = new String[1];
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String id : running.keySet()) {
                try {
                    NodeStatusReport r = client.status(NodeId.of(id));
                    for (RaftStatus g : r.groups()) {
                        if (g.role() == RaftRole.LEADER) {
                            leader[0] = id;
                            return true;
                        }
                    }
                } catch (ClientException e) {
                    // not reachable yet
                }
            }
            return false;
        });
        return leader[0];
    }

    /**
     * Every restarted node follows again (or leads) and has applied what the leader had
     * committed. If one does not, the failure shows its last status and the end of its log.
     */
    void awaitCaughtUp(BasaltClient admin, List<String> restarted) throws IOException, InterruptedException {
        if (restarted.isEmpty()) {
            return;
        }
        String leader = awaitLeader(admin, Duration.ofSeconds(10));
        long commit = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
            .until(() -> groupStatus(admin, leader).commitIndex(), ci -> ci > 0);
        for (String id : restarted) {
            long until = System.nanoTime() + CATCH_UP_WITHIN.toNanos();
            Object last = "no answer";
            while (true) {
                try {
                    RaftStatus s = groupStatus(admin, id);
                    last = s;
                    // It may have been elected again since its restart.
                    boolean member = s.role() == RaftRole.FOLLOWER || s.role() == RaftRole.LEADER;
                    if (member && s.appliedIndex() >= commit) {
                        break;
                    }
                } catch (ClientException e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() - until > 0) {
                    String log = log(id);
                    throw new AssertionError("restarted " + id + " did not apply index " + commit + " within "
                        + CATCH_UP_WITHIN + "; last status: " + last + "; end of its log:\n"
                        + log.substring(Math.max(0, log.length() - 3_000)));
                }
                Thread.sleep(200);
            }
        }
    }

    RaftStatus groupStatus(BasaltClient client, String id) throws ClientException {
        List<RaftStatus> groups = client.status(NodeId.of(id)).groups();
        if (groups.isEmpty()) {
            // A node still replaying its log answers status before it hosts its group.
            throw new ClientException("node " + id + " hosts no group yet", false);
        }
        return groups.getFirst();
    }

    @Override
    public void close() {
        for (Process p : running.values()) {
            p.destroyForcibly();
        }
        for (Process p : running.values()) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }
}
