package io.basalt.bench;

import io.basalt.common.NodeId;
import io.basalt.server.BasaltNode;
import io.basalt.server.NodeConfig;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.NettyBasaltClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Three nodes and the load in one JVM: a quick probe of the replication path that leaves out
 * process start-up and the launcher, for profiling (e.g. with {@code -XX:StartFlightRecording}).
 *
 * <pre>
 * java -cp bench/target/basalt-bench.jar:bench/target/lib/* io.basalt.bench.InProcessProbe CLIENTS [SECONDS]
 * </pre>
 */
public final class InProcessProbe {
    private InProcessProbe() {}

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int base = 23_000 + ThreadLocalRandom.current().nextInt(1_000);
        Map<NodeId, InetSocketAddress> peers = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            peers.put(NodeId.of("n" + i), new InetSocketAddress("127.0.0.1", base + i));
        }
        Path dir = Files.createTempDirectory("basalt-probe-");
        List<BasaltNode> nodes = new ArrayList<>();
        for (NodeId id : peers.keySet()) {
            nodes.add(new BasaltNode(NodeConfig.of(id, peers, dir.resolve(id.value()), "basalt")).start());
        }
        try (BasaltClient warm = NettyBasaltClient.connect("basalt", peers, Duration.ofSeconds(10))) {
            for (int i = 0; i < 200; i++) {
                warm.put(("warm" + i).getBytes(), new byte[128]);
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            LatencyRecorder rec = new LatencyRecorder();
            recorders.add(rec);
            int id = t;
            Thread th = new Thread(() -> load(peers, id, end, rec), "probe-" + t);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        long[] sorted = LatencyRecorder.merge(recorders);
        System.out.println(String.format(Locale.ROOT, "in-process clients=%d writes_per_s=%.0f p50_ms=%.3f p99_ms=%.3f",
            clients, sorted.length / (double) seconds, LatencyRecorder.quantileMs(sorted, 0.5),
            LatencyRecorder.quantileMs(sorted, 0.99)));
        nodes.forEach(BasaltNode::stop);
        System.exit(0);
    }

    private static void load(Map<NodeId, InetSocketAddress> peers, int id, long end, LatencyRecorder rec) {
        try (BasaltClient c = NettyBasaltClient.connect("basalt", peers, Duration.ofSeconds(5))) {
            byte[] value = new byte[128];
            for (int i = 0; System.nanoTime() < end; i++) {
                long t0 = System.nanoTime();
                try {
                    c.put(("k" + id + "-" + i).getBytes(), value);
                    rec.record(System.nanoTime() - t0);
                } catch (Exception e) {
                    // counted by its absence: the probe reports acknowledged writes only
                }
            }
        }
    }
}
