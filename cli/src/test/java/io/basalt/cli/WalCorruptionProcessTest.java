package io.basalt.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.server.client.BasaltClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's write-ahead log damaged while the node is down: a torn tail is cut and the node
 * rejoins; damage before the tail stops the node with an error naming the file and offset.
 */
class WalCorruptionProcessTest {
    /** Segment header bytes, then the first frame's 8-byte length and CRC header. */
    private static final int FIRST_PAYLOAD_OFFSET = 20 + 8;

    @TempDir
    Path dir;

    @Test
    void tornTailIsCutAndTheNodeRejoinsButEarlierDamageStopsIt() throws Exception {
        try (NodeProcesses cluster = new NodeProcesses(dir, 3); BasaltClient client = ClusterProcessTest.startAndConnect(cluster)) {
            String leader = cluster.awaitLeader(client, Duration.ofSeconds(90)); // three JVMs start slowly on a busy machine
            for (int i = 0; i < 100; i++) {
                ClusterProcessTest.put(client, new HashMap<>(), "key" + i, "value" + i);
            }
            String victim = leader.equals("n3") ? "n2" : "n3";
            long commit = cluster.groupStatus(client, leader).commitIndex();
            cluster.kill(victim);

            Path segment = lastSegment(dir.resolve(victim));
            long size = Files.size(segment);
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                f.setLength(size - 3);
            }
            cluster.start(victim);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> assertThat(cluster.groupStatus(client, victim).appliedIndex()).isGreaterThanOrEqualTo(commit));
            assertThat(cluster.log(victim)).contains(segment.getFileName().toString());
            assertThat(cluster.running.get(victim).isAlive()).isTrue();

            cluster.kill(victim);
            Path damaged = firstSegment(dir.resolve(victim));
            try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
                f.seek(FIRST_PAYLOAD_OFFSET);
                int b = f.read();
                f.seek(FIRST_PAYLOAD_OFFSET);
                f.write(b ^ 0xFF);
            }
            Process p = cluster.start(victim);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("a node with a corrupt log must stop").isTrue();
            assertThat(p.exitValue()).isNotZero();
            assertThat(cluster.log(victim)).contains(damaged.getFileName().toString()).contains("offset " + 20);
            // The other two keep serving.
            ClusterProcessTest.put(client, new HashMap<>(), "still", "writable");
            assertThat(new String(client.get("still".getBytes(UTF_8)).value(), UTF_8)).isEqualTo("writable");
        }
    }

    private static List<Path> segments(Path nodeDir) throws IOException {
        try (Stream<Path> s = Files.walk(nodeDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wal"))
                .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private static Path lastSegment(Path nodeDir) throws IOException {
        return segments(nodeDir).getLast();
    }

    private static Path firstSegment(Path nodeDir) throws IOException {
        return segments(nodeDir).getFirst();
    }
}
