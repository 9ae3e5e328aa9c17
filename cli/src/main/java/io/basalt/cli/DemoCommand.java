package io.basalt.cli;

import io.basalt.common.NodeId;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.NodeStatusReport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code basalt demo}: three node processes on loopback, each a separate {@code basalt start}
 * so that a user can {@code kill -9} one and restart it with the printed command.
 */
@Command(name = "demo", description = "Start a local cluster of separate node processes on 127.0.0.1 (Ctrl-C stops it).")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--nodes", description = "Number of nodes (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int nodeCount;

    @Option(names = "--base-port", description = "Port of the first node (default: ${DEFAULT-VALUE}).", defaultValue = "7101")
    int basePort;

    @Option(names = "--sql-base-port", description = "SQL (PostgreSQL protocol) port of the first node"
        + " (default: ${DEFAULT-VALUE}).", defaultValue = "5433")
    int sqlBasePort;

    @Option(names = "--http-base-port", description = "HTTP admin port (/metrics, /health) of the first node"
        + " (default: ${DEFAULT-VALUE}).", defaultValue = "9101")
    int httpBasePort;

    @Option(names = "--data-dir", description = "Where the nodes keep their data (default: a new temporary folder).")
    Path dataDir;

    @Option(names = "--replication", description = "sync, sync-all or async (default: ${DEFAULT-VALUE}).", defaultValue = "sync")
    String replication;

    @Option(names = "--failover", description = "automatic or manual (default: ${DEFAULT-VALUE}).", defaultValue = "automatic")
    String failover;

    @Option(names = "--in-memory", description = "Nodes keep their applied state in memory, not in RocksDB.")
    boolean inMemory;

    @Option(names = "--run-for-s", description = "Stop after this many seconds (default: run until Ctrl-C).", defaultValue = "0")
    long runForS;

    @Override
    public Integer call() throws IOException {
        if (nodeCount < 1 || nodeCount > 9) {
            throw new IllegalArgumentException("--nodes must be between 1 and 9");
        }
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("basalt-demo-");
        Files.createDirectories(dir);
        Map<String, String> peers = new LinkedHashMap<>();
        for (int i = 1; i <= nodeCount; i++) {
            peers.put("n" + i, "127.0.0.1:" + (basePort + i - 1));
        }
        String peerList = String.join(",", peers.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        List<NodeProcess> nodes = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(nodes), "demo-shutdown"));
        for (Map.Entry<String, String> e : peers.entrySet()) {
            List<String> args = new ArrayList<>(List.of("start", "--id", e.getKey(), "--listen", e.getValue(), "--peers",
                peerList, "--data-dir", dir.resolve(e.getKey()).toString(), "--replication", replication, "--failover",
                StartCommand.parseFailover(failover).name().toLowerCase(Locale.ROOT), "--sql-listen",
                sqlAddress(e.getKey()), "--http-listen", httpAddress(e.getKey())));
            if (inMemory) {
                args.add("--in-memory");
            }
            nodes.add(NodeProcess.launch(e.getKey(), args, dir.resolve(e.getKey() + ".log")));
        }
        System.out.println("Basalt demo: " + nodeCount + " nodes, data in " + dir);
        for (NodeProcess n : nodes) {
            System.out.printf("  %s  %s  pid %d  log %s%n", n.name(), peers.get(n.name()), n.pid(), n.log());
        }
        System.out.println("SQL (PostgreSQL protocol; any user name is accepted):");
        for (NodeProcess n : nodes) {
            System.out.printf("  %s  postgresql://%s/postgres%n", n.name(), sqlAddress(n.name()));
        }
        System.out.println("Metrics (Prometheus text format) and health:");
        for (NodeProcess n : nodes) {
            System.out.printf("  %s  http://%s/metrics  http://%s/health%n", n.name(), httpAddress(n.name()),
                httpAddress(n.name()));
        }
        // Client commands default to the standard demo addresses; elsewhere they need --nodes.
        String nodesFlag = peerList.equals(ClusterOptions.DEMO_NODES) ? "" : " --nodes " + peerList;
        if (StartCommand.parseFailover(failover) == FailoverMode.MANUAL) {
            System.out.println("Manual failover: no node campaigns. Make one the leader with:");
            System.out.println("  ./basalt admin promote n1" + nodesFlag);
        } else {
            awaitLeader(peerList);
        }
        System.out.println();
        System.out.println("Try, in another terminal:");
        System.out.println("  psql postgresql://" + sqlAddress("n1") + "/postgres");
        System.out.println("  ./basalt status" + nodesFlag);
        System.out.println("  ./basalt kv put greeting hello" + nodesFlag + " && ./basalt kv get greeting" + nodesFlag);
        System.out.println("  kill -9 <the leader's pid>   # writes resume on a new leader");
        System.out.println("Restart a killed node with the same command it was started with:");
        for (NodeProcess n : nodes) {
            System.out.println("  ./basalt " + String.join(" ", n.args()));
        }
        System.out.println("Ctrl-C stops the demo.");
        watch(nodes);
        return 0;
    }

    /** The HTTP admin address of node {@code name} ("n3" gets the third port). */
    private String httpAddress(String name) {
        return "127.0.0.1:" + (httpBasePort + Integer.parseInt(name.substring(1)) - 1);
    }

    /** The SQL address of node {@code name} ("n3" gets the third port). */
    private String sqlAddress(String name) {
        return "127.0.0.1:" + (sqlBasePort + Integer.parseInt(name.substring(1)) - 1);
    }

    private void awaitLeader(String peerList) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        PeerList peers = PeerList.parse(peerList);
        while (System.nanoTime() < deadline) {
            try (BasaltClient client = Clients.connect(peers, "basalt", Duration.ofSeconds(1))) {
                for (NodeId id : peers.addresses().keySet()) {
                    try {
                        NodeStatusReport r = client.status(id);
                        for (RaftStatus g : r.groups()) {
                            if (g.leader() != null) {
                                System.out.println("Leader of group " + g.groupId() + ": " + g.leader() + " (term " + g.term() + ")");
                                return;
                            }
                        }
                    } catch (ClientException e) {
                        // Not up yet: keep polling until the deadline.
                    }
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        System.out.println("No leader after 30 s: see the node logs above.");
    }

    private void watch(List<NodeProcess> nodes) {
        long end = runForS > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(runForS) : Long.MAX_VALUE;
        boolean[] reported = new boolean[nodes.size()];
        while (System.nanoTime() < end) {
            for (int i = 0; i < nodes.size(); i++) {
                NodeProcess n = nodes.get(i);
                if (!reported[i] && !n.process().isAlive()) {
                    reported[i] = true;
                    System.out.printf("%s (pid %d) exited with code %d; restart it with: ./basalt %s%n",
                        n.name(), n.pid(), n.process().exitValue(), String.join(" ", n.args()));
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
        stopAll(nodes);
    }

    private static void stopAll(List<NodeProcess> nodes) {
        for (NodeProcess n : nodes) {
            n.process().destroy();
        }
        for (NodeProcess n : nodes) {
            try {
                if (!n.process().waitFor(5, TimeUnit.SECONDS)) {
                    n.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One child node process, started with the same JVM and class path as this command. */
    record NodeProcess(String name, List<String> args, Process process, Path log) {
        long pid() {
            return process.pid();
        }

        static NodeProcess launch(String name, List<String> args, Path log) throws IOException {
            List<String> cmd = new ArrayList<>(javaCommand());
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new NodeProcess(name, args, p, log);
        }
    }

    /** {@code java [options] -cp CLASSPATH io.basalt.cli.Main}, as this process was started. */
    static List<String> javaCommand() {
        String java = ProcessHandle.current().info().command()
            .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        // As ./basalt starts a node: a short GC pause goal keeps young collections of a bulk
        // load well inside the election timeout.
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:MaxGCPauseMillis=50", "-cp",
            System.getProperty("java.class.path"), Main.class.getName());
    }

}
