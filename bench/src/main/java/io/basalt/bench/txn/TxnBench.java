package io.basalt.bench.txn;

import io.basalt.common.NodeId;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.NettyBasaltClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The transaction benchmark against a running cluster (bench/txn.sh starts one). Preloads the
 * key space, runs (a) and (c) together unmeasured for {@code --warmup-phase-s}, then the phases
 * asked for, in this order, each bounded in time:
 * <ul>
 *   <li>a: uncontended read-write transactions (get then put of 4 random keys, commit);
 *   <li>c: (a) again with read-only snapshot transactions beside it, then (a) alone once more,
 *       {@code --c-rounds} times, so that drift over the run is averaged out and shows;
 *   <li>e: single-key puts, the plain replicated write, with the same keys and clients;
 *   <li>b: the hot spot, 2 of 10 keys read-modify-written in random order, aborts retried;
 *   <li>d: deadlock-to-abort latency, one deadlock at a time on an idle cluster.
 * </ul>
 * Prints one raw {@code phase=...} line per phase as it ends, then a table per figure.
 */
public final class TxnBench {
    private static final String CLUSTER_ID = "basalt";
    /** The preload must finish within this; a phase of its own would need its own time limit. */
    private static final long PRELOAD_S_MAX = 600;

    private TxnBench() {}

    public static void main(String[] args) throws Exception {
        TxnBenchOptions o = TxnBenchOptions.parse(args);
        Duration timeout = Duration.ofMillis(o.timeoutMs());
        List<BasaltClient> txnClients = open(o.endpoints(), ceilDiv(o.clients(), o.threadsPerClient()), timeout);
        List<BasaltClient> readerClients = open(o.endpoints(), ceilDiv(o.readers(), o.threadsPerClient()), timeout);
        // A client issues one single write at a time: single puts always get a client per thread.
        List<BasaltClient> putClients = o.threadsPerClient() == 1 ? txnClients
            : open(o.endpoints(), o.clients(), timeout);
        byte[] value = new byte[o.valueBytes()];
        ThreadLocalRandom.current().nextBytes(value);

        List<BasaltClient> perThread = new ArrayList<>();
        for (int i = 0; i < o.clients(); i++) {
            perThread.add(txnClients.get(i / o.threadsPerClient()));
        }
        emit(Preload.run(perThread, o.keys(), o.preloadBatch(), o.hotKeys(), value, PRELOAD_S_MAX));

        Map<String, PhaseResult> results = new LinkedHashMap<>();
        ClosedLoop.Group rw = new ClosedLoop.Group("rw", o.clients(),
            i -> Workloads.readWrite(perThread.get(i), o.keys(), o.keysPerTxn(), value));
        ClosedLoop.Group ro = new ClosedLoop.Group("ro", o.readers(),
            i -> Workloads.snapshotScan(readerClients.get(i / o.threadsPerClient()), o.keys(), o.scanRows()));
        if (o.warmupPhaseS() > 0) {
            // The preload ran only puts and commits: every other request path is compiled here,
            // on nodes and client alike, before anything is measured. Reported, not tabulated.
            phase(new LinkedHashMap<>(), "warmup", List.of(rw, ro), o.warmupPhaseS(), 0);
        }
        if (o.phases().contains("a")) {
            phase(results, "a", List.of(rw), o);
        }
        if (o.phases().contains("c")) {
            for (int round = 1; round <= o.cRounds(); round++) {
                phase(results, Report.withName(round), List.of(rw, ro), o);
                phase(results, Report.aloneName(round + 1), List.of(rw), o);
            }
        }
        if (o.phases().contains("e")) {
            phase(results, "e", List.of(new ClosedLoop.Group("put", o.clients(),
                i -> Workloads.singlePut(putClients.get(i), o.keys(), value))), o);
        }
        String hotCheck = null;
        if (o.phases().contains("b")) {
            long before = Preload.hotSpotSum(txnClients.getFirst(), o.hotKeys());
            phase(results, "b", List.of(new ClosedLoop.Group("hot", o.clients(),
                i -> Workloads.hotSpot(perThread.get(i), o.hotKeys(), false))), o);
            long after = Preload.hotSpotSum(txnClients.getFirst(), o.hotKeys());
            hotCheck = hotSpotCheck(results.get("b/hot"), before, after);
            emit("phase=b-check " + hotCheck);
            // The same load reading for update: no upgrades, so only opposite key orders deadlock.
            phase(results, "b2", List.of(new ClosedLoop.Group("hot", o.clients(),
                i -> Workloads.hotSpot(perThread.get(i), o.hotKeys(), true))), o);
            long afterForUpdate = Preload.hotSpotSum(txnClients.getFirst(), o.hotKeys());
            String check2 = hotSpotCheck(results.get("b2/hot"), after, afterForUpdate);
            emit("phase=b2-check " + check2);
            hotCheck = hotCheck + "\n  for update: " + check2;
        }
        DeadlockProbe.Result d = null;
        if (o.phases().contains("d")) {
            d = DeadlockProbe.run(txnClients.getFirst(), o.deadlockTrials(), o.deadlockSettleMs());
            emit(d.line());
        }
        System.out.println();
        new Report(o, System.out).print(results, hotCheck, d);
        // Closing 64 clients, each with its own event loop, takes seconds and proves nothing.
        Runtime.getRuntime().halt(0);
    }

    private static void phase(Map<String, PhaseResult> results, String name, List<ClosedLoop.Group> groups,
                              TxnBenchOptions o) throws InterruptedException {
        phase(results, name, groups, o.durationS(), o.warmupS());
    }

    private static void phase(Map<String, PhaseResult> results, String name, List<ClosedLoop.Group> groups,
                              int durationS, int warmupS) throws InterruptedException {
        // Timestamped like the node logs, so that a stall in a phase can be matched with an election.
        System.err.printf(Locale.ROOT, "[%s] phase %s: %s for %d s after %d s of warm-up%n",
            LocalTime.now().truncatedTo(ChronoUnit.SECONDS), name,
            groups.stream().map(g -> g.threads() + " " + g.name()).toList(), durationS, warmupS);
        for (PhaseResult r : ClosedLoop.run(name, groups, warmupS, durationS)) {
            results.put(r.phase() + "/" + r.group(), r);
            emit(r.line());
            r.errorSamples().forEach((kind, message) -> System.err.println("phase " + name + " " + r.group()
                + ": first error of kind " + kind + ": " + message));
        }
    }

    /**
     * Every committed hot-spot transaction added 1 to two counters: the counters' growth must be
     * twice the commits (plus up to twice the commits whose outcome stayed unknown).
     */
    private static String hotSpotCheck(PhaseResult b, long before, long after) {
        long grew = after - before;
        long low = 2 * b.committedAll();
        long high = low + 2 * b.unknownAll();
        boolean ok = grew >= low && grew <= high;
        return String.format(Locale.ROOT, "counter check: the counters grew by %d for %d commits (%d unknown): %s",
            grew, b.committedAll(), b.unknownAll(), ok ? "consistent" : "INCONSISTENT (lost or duplicated increments)");
    }

    private static void emit(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static List<BasaltClient> open(String endpoints, int n, Duration timeout) {
        Map<NodeId, InetSocketAddress> nodes = parse(endpoints);
        List<BasaltClient> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(NettyBasaltClient.connect(CLUSTER_ID, nodes, timeout));
        }
        return out;
    }

    /** {@code id=host:port,...}, as the bench scripts pass it. */
    static Map<NodeId, InetSocketAddress> parse(String endpoints) {
        Map<NodeId, InetSocketAddress> out = new LinkedHashMap<>();
        for (String item : endpoints.split(",")) {
            String s = item.trim();
            int eq = s.indexOf('=');
            int colon = s.lastIndexOf(':');
            if (eq <= 0 || colon <= eq + 1) {
                throw new IllegalArgumentException("endpoint must be ID=HOST:PORT: '" + s + "'");
            }
            out.put(NodeId.of(s.substring(0, eq)), new InetSocketAddress(s.substring(eq + 1, colon),
                Integer.parseInt(s.substring(colon + 1))));
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
