package io.basalt.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.RaftRole;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.storage.api.EngineStats;
import io.basalt.storage.rocksdb.RocksEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applied state in RocksDB across SIGKILL: a node killed during heavy writes restarts from
 * its engine's applied index (it replays only the log after it), and once the cluster is quiet
 * every replica's engine holds the same state at the same index.
 */
class StateEngineProcessTest {
    private static final int WRITERS = 4;
    /** Entries between snapshots: the engines are flushed (and logs compacted) many times during the run. */
    private static final int SNAPSHOT_ENTRIES = 300;
    private static final Pattern STARTED = Pattern.compile(
        "state engine at (\\d+)(?: \\([^)]*\\))?, (\\d+) entries replayed after it, applied through (\\d+)");

    @TempDir
    Path dir;

    @Test
    void aNodeKilledDuringHeavyWritesRestartsFromItsEngineAndEndsWithTheStateOfTheOthers() throws Exception {
        try (NodeProcesses cluster = new NodeProcesses(dir, 3).withStartArgs("--snapshot-entries",
                String.valueOf(SNAPSHOT_ENTRIES));
             BasaltClient admin = cluster.client();
             ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            cluster.startAll();
            String leader = cluster.awaitLeader(admin, Duration.ofSeconds(90));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong acknowledged = new AtomicLong();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> write(cluster, writer, stop, acknowledged)));
            }
            awaitAcknowledged(acknowledged, 4 * SNAPSHOT_ENTRIES);
            cluster.kill(leader); // during the writes: no shutdown hook, the engine is not flushed
            awaitAcknowledged(acknowledged, acknowledged.get() + SNAPSHOT_ENTRIES);
            cluster.start(leader);
            awaitAcknowledged(acknowledged, acknowledged.get() + SNAPSHOT_ENTRIES);
            stop.set(true);
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            cluster.awaitCaughtUp(admin, List.of(leader));

            Matcher m = lastMatch(cluster.log(leader));
            long engineIndex = Long.parseLong(m.group(1));
            long replayed = Long.parseLong(m.group(2));
            long appliedAtStart = Long.parseLong(m.group(3));
            assertThat(engineIndex).as("the engine was flushed at the snapshots before the kill")
                .isGreaterThanOrEqualTo(SNAPSHOT_ENTRIES);
            assertThat(appliedAtStart).as("only the entries after the engine's index were replayed")
                .isEqualTo(engineIndex + replayed);

            // Reads of what was written go through the engine's block cache, which status reports.
            for (int i = 0; i < 50; i++) {
                assertThat(admin.get(("w0-" + i).getBytes(UTF_8)).value()).as("acknowledged w0-%d", i).isNotNull();
            }
            String current = cluster.awaitLeader(admin, Duration.ofSeconds(10));
            EngineStats cache = admin.status(NodeId.of(current)).engineCache(1);
            assertThat(cache).as("the leader's state engine reports its cache").isNotNull();
            assertThat(cache.blockCacheCapacityBytes()).as("the default block cache, an eighth of the machine's memory")
                .isEqualTo(io.basalt.server.StateStorage.blockCacheBytesForMachine());
            assertThat(cache.blockCacheHits() + cache.blockCacheMisses()).as("block reads counted").isPositive();
            assertThat(cache.appliedBytes()).as("bytes applied to the engine, the base of its write amplification")
                .isPositive();

            // Quiet and caught up: stop the followers, then the leader, so that no new entry (an
            // election's no-op) lands on some replicas only; each closes its engine cleanly.
            current = cluster.awaitLeader(admin, Duration.ofSeconds(10));
            awaitSameAppliedIndex(cluster, admin);
            List<String> order = new ArrayList<>(cluster.ports.keySet());
            order.remove(current);
            order.add(current);
            for (String id : order) {
                cluster.stop(id);
            }
            Map<String, long[]> states = new LinkedHashMap<>();
            for (String id : cluster.ports.keySet()) {
                Path state = dir.resolve(id).resolve("state").resolve("group-1");
                assertThat(Files.isDirectory(state)).as("%s keeps its state in RocksDB", id).isTrue();
                try (KvStateMachine kv = new KvStateMachine(RocksEngine.open(state), old -> {
                    throw new AssertionError("not replaced");
                })) {
                    states.put(id, new long[] {kv.appliedIndex(), kv.digest(), kv.size()});
                }
            }
            long[] first = states.values().iterator().next();
            System.out.printf("state engines: %s restarted at engine index %d, replayed %d; acknowledged %d;"
                + " (applied, digest, keys) %s%n", leader, engineIndex, replayed, acknowledged.get(),
                states.entrySet().stream().map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue())).toList());
            assertThat(first[2]).as("keys written, one per acknowledged put").isGreaterThanOrEqualTo(acknowledged.get());
            assertThat(states).as("applied index, digest and keys of every replica's engine")
                .allSatisfy((id, s) -> assertThat(s).containsExactly(first));
        }
    }

    @Test
    void anInMemoryNodeRebuildsItsStateFromTheLogAfterSigkill() throws Exception {
        try (NodeProcesses cluster = new NodeProcesses(dir, 1).withStartArgs("--in-memory", "--snapshot-entries", "50");
             BasaltClient client = cluster.client()) {
            cluster.startAll();
            cluster.awaitLeader(client, Duration.ofSeconds(90));
            Map<String, String> acknowledged = new LinkedHashMap<>();
            for (int i = 0; i < 120; i++) {
                ClusterProcessTest.put(client, acknowledged, "key" + i, "value" + i);
            }
            cluster.kill("n1");
            cluster.start("n1");
            cluster.awaitLeader(client, Duration.ofSeconds(90));
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                assertThat(new String(client.get(e.getKey().getBytes(UTF_8)).value(), UTF_8))
                    .as("acknowledged key %s", e.getKey()).isEqualTo(e.getValue());
            }
            Matcher m = lastMatch(cluster.log("n1"));
            assertThat(Long.parseLong(m.group(1))).as("a memory engine starts empty").isZero();
            assertThat(dir.resolve("n1").resolve("state")).as("nothing in RocksDB").doesNotExist();
            assertThat(client.status(NodeId.of("n1")).engineCache(1)).as("a memory engine has no cache to report")
                .isNull();
        }
    }

    /** Puts distinct keys until told to stop; a put that fails is retried (a put of the same value is idempotent). */
    private static Void write(NodeProcesses cluster, int writer, AtomicBoolean stop, AtomicLong acknowledged) {
        try (BasaltClient client = cluster.client()) {
            for (int i = 0; !stop.get(); i++) {
                byte[] key = ("w" + writer + "-" + i).getBytes(UTF_8);
                byte[] value = ("value-" + i + "-" + "x".repeat(100)).getBytes(UTF_8);
                while (!stop.get()) {
                    try {
                        if (client.put(key, value).ok()) {
                            acknowledged.incrementAndGet();
                            break;
                        }
                    } catch (ClientException e) {
                        Thread.sleep(20); // no leader for a moment
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static void awaitAcknowledged(AtomicLong acknowledged, long atLeast) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
            .until(() -> acknowledged.get() >= atLeast);
    }

    private static void awaitSameAppliedIndex(NodeProcesses cluster, BasaltClient admin) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            long applied = -1;
            for (String id : cluster.running.keySet()) {
                var s = cluster.groupStatus(admin, id);
                if (s.role() != RaftRole.LEADER && s.role() != RaftRole.FOLLOWER) {
                    return false;
                }
                if (s.appliedIndex() != s.commitIndex() || (applied >= 0 && s.appliedIndex() != applied)) {
                    return false;
                }
                applied = s.appliedIndex();
            }
            return true;
        });
    }

    private static Matcher lastMatch(String log) {
        Matcher m = STARTED.matcher(log);
        Matcher last = null;
        int starts = 0;
        while (m.find()) {
            starts++;
            last = STARTED.matcher(log);
            last.find(m.start());
        }
        assertThat(starts).as("start lines in the log:%n%s", log).isEqualTo(2);
        return last;
    }
}
