package io.basalt.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.RaftRole;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.SnapshotProgress;
import io.basalt.storage.rocksdb.RocksEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot transfers between real {@code basalt start} processes on loopback, with RocksDB
 * state, killed with SIGKILL in the middle: a follower killed while it receives resumes from what
 * it had fsynced; a leader killed while it sends leaves the follower to the next leader's
 * checkpoint; a follower killed as its transfer ends installs it at its restart. Every time the
 * replicas end with the same state at the same index, compared in their engines' files.
 */
class SnapshotTransferProcessTest {
    private static final int KEYS = 2_000;
    private static final int VALUE_BYTES = 4 << 10;
    private static final int WRITERS = 4;
    /** 64 KiB chunks at 1 MiB/s: about 8 s for the 8 MB written, time enough to kill a side mid-way. */
    private static final String[] ARGS = {"--snapshot-entries", "100", "--snapshot-chunk-kb", "64",
        "--snapshot-max-mb-per-s", "1"};
    private static final long CHUNK_BYTES = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void aFollowerKilledMidTransferResumesFromWhatItHadAndEndsWithTheLeadersState() throws Exception {
        try (NodeProcesses cluster = new NodeProcesses(dir, 3).withStartArgs(ARGS);
             BasaltClient admin = cluster.client()) {
            cluster.startAll();
            String leader = cluster.awaitLeader(admin, Duration.ofSeconds(90));
            String follower = otherThan(cluster, leader);
            fallBehind(cluster, admin, leader, follower);

            cluster.start(follower);
            SnapshotProgress cut = awaitReceiving(admin, follower, p -> p.bytesDone() > p.bytesTotal() / 3);
            assertThat(cut.peer().value()).isEqualTo(leader);
            cluster.kill(follower); // SIGKILL mid-transfer: what it acknowledged was fsynced

            cluster.start(follower);
            SnapshotProgress resumed = awaitReceiving(admin, follower, p -> p.resumedBytes() > 0);
            assertThat(resumed.resumedBytes()).as("resumed from what it held when killed, less at most a chunk")
                .isGreaterThanOrEqualTo(cut.bytesDone() - CHUNK_BYTES);
            assertThat(cluster.log(follower)).contains("resuming with");

            cluster.awaitCaughtUp(admin, List.of(follower));
            assertAllReadable(admin);
            assertEqualEngines(cluster, admin);
        }
    }

    @Test
    void aLeaderKilledWhileSendingAndAFollowerKilledAsItsTransferEndsStillEndWithEqualStates() throws Exception {
        try (NodeProcesses cluster = new NodeProcesses(dir, 3).withStartArgs(ARGS);
             BasaltClient admin = cluster.client()) {
            cluster.startAll();
            String leader = cluster.awaitLeader(admin, Duration.ofSeconds(90));
            String follower = otherThan(cluster, leader);
            fallBehind(cluster, admin, leader, follower);

            cluster.start(follower);
            awaitReceiving(admin, follower, p -> p.bytesDone() > p.bytesTotal() / 3);
            cluster.kill(leader); // SIGKILL while it sends its checkpoint
            String next = cluster.awaitLeader(admin, Duration.ofSeconds(60));
            assertThat(next).isNotEqualTo(leader);

            // The next leader sends its own checkpoint; the follower is killed as it ends, around its install.
            SnapshotProgress late = awaitReceiving(admin, follower, p -> p.peer().value().equals(next)
                && p.bytesDone() >= p.bytesTotal() * 9 / 10);
            cluster.kill(follower);
            assertThat(late.bytesTotal()).isPositive();
            assertThat(cluster.log(follower)).contains("the leader is now " + next);

            cluster.start(leader);
            cluster.start(follower);
            cluster.awaitCaughtUp(admin, List.of(leader, follower));
            assertAllReadable(admin);
            assertEqualEngines(cluster, admin);
            try (var cps = Files.list(dir.resolve(leader).resolve("state/snapshots/out/group-1"))) {
                assertThat(cps.filter(Files::isDirectory).count()).as("the killed leader's checkpoints, cleaned up")
                    .isLessThanOrEqualTo(1);
            }
        }
    }

    private static String otherThan(NodeProcesses cluster, String leader) {
        return cluster.ports.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    }

    /** Kills {@code follower}, writes the keys, and waits until the leader's log starts past what it held. */
    private static void fallBehind(NodeProcesses cluster, BasaltClient admin, String leader, String follower)
        throws Exception {
        long followerLast = cluster.groupStatus(admin, follower).lastIndex();
        cluster.kill(follower);
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    write(cluster, writer);
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(180, TimeUnit.SECONDS);
            }
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> cluster.groupStatus(admin, leader).firstIndex() > followerLast + 1);
    }

    /** Puts this writer's share of the keys, random (incompressible) values, retrying through leader changes. */
    private static void write(NodeProcesses cluster, int writer) throws InterruptedException {
        try (BasaltClient client = cluster.client()) {
            Prng prng = new Prng(writer);
            for (int i = writer; i < KEYS; i += WRITERS) {
                byte[] value = new byte[VALUE_BYTES];
                for (int b = 0; b < value.length; b++) {
                    value[b] = (byte) prng.nextInt(256);
                }
                while (true) {
                    try {
                        if (client.put(("key-" + i).getBytes(UTF_8), value).ok()) {
                            break;
                        }
                    } catch (ClientException e) {
                        Thread.sleep(20);
                    }
                }
            }
        }
    }

    /** Waits until {@code node} reports a snapshot it receives that satisfies {@code until}, and returns it. */
    private static SnapshotProgress awaitReceiving(BasaltClient admin, String node,
                                                   java.util.function.Predicate<SnapshotProgress> until) {
        AtomicReference<SnapshotProgress> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            Optional<SnapshotProgress> p = admin.status(NodeId.of(node)).snapshotTransfers(1).stream()
                .filter(SnapshotProgress::receiving).filter(until).findFirst();
            p.ifPresent(seen::set);
            return p.isPresent();
        });
        return seen.get();
    }

    private static void assertAllReadable(BasaltClient admin) throws ClientException {
        for (int i = 0; i < KEYS; i += 37) {
            assertThat(admin.get(("key-" + i).getBytes(UTF_8)).value()).as("key-%d", i).hasSize(VALUE_BYTES);
        }
    }

    /**
     * Once every replica applied the same index, stops them (followers first, so no new entry
     * lands on some only) and opens each one's RocksDB state: applied index, digest and key count
     * must be equal.
     */
    private static void assertEqualEngines(NodeProcesses cluster, BasaltClient admin) throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            long applied = -1;
            for (String id : cluster.running.keySet()) {
                var s = cluster.groupStatus(admin, id);
                if (s.role() != RaftRole.LEADER && s.role() != RaftRole.FOLLOWER || s.appliedIndex() != s.commitIndex()
                    || (applied >= 0 && s.appliedIndex() != applied)) {
                    return false;
                }
                applied = s.appliedIndex();
            }
            return true;
        });
        String leader = cluster.awaitLeader(admin, Duration.ofSeconds(10));
        List<String> order = new ArrayList<>(cluster.ports.keySet());
        order.remove(leader);
        order.add(leader);
        for (String id : order) {
            cluster.stop(id);
        }
        Map<String, long[]> states = new LinkedHashMap<>();
        for (String id : cluster.ports.keySet()) {
            Path state = cluster.root.resolve(id).resolve("state").resolve("group-1");
            try (KvStateMachine kv = new KvStateMachine(RocksEngine.open(state), old -> {
                throw new AssertionError("not replaced");
            })) {
                states.put(id, new long[] {kv.appliedIndex(), kv.digest(), kv.size()});
            }
        }
        long[] first = states.values().iterator().next();
        assertThat(first[2]).as("keys").isGreaterThanOrEqualTo(KEYS);
        assertThat(states).as("applied index, digest and keys of every replica's engine")
            .allSatisfy((id, s) -> assertThat(s).containsExactly(first));
    }
}
