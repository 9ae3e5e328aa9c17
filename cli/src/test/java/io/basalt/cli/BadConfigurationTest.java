package io.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.server.StateStorage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code basalt start} with a bad configuration: a clear message and a non-zero exit, never a hang. */
class BadConfigurationTest {
    @TempDir
    Path dir;

    private record Outcome(int exit, String output) {}

    private Outcome run(String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("out-" + System.nanoTime() + ".log");
        Process p = NodeProcesses.launch(List.of(args), log);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("basalt %s must exit", String.join(" ", args)).isTrue();
        return new Outcome(p.exitValue(), Files.readString(log));
    }

    @Test
    void duplicateNodeIds() throws Exception {
        Outcome o = run("start", "--id", "n1", "--listen", "127.0.0.1:24001",
            "--peers", "n1=127.0.0.1:24001,n1=127.0.0.1:24002", "--data-dir", dir.resolve("d").toString());
        assertThat(o.exit()).isNotZero();
        assertThat(o.output()).contains("n1 appears twice");
    }

    @Test
    void nonPositiveLockTimeout() throws Exception {
        Outcome o = run("start", "--id", "n1", "--listen", "127.0.0.1:24001",
            "--peers", "n1=127.0.0.1:24001", "--data-dir", dir.resolve("d").toString(), "--lock-timeout-ms", "0");
        assertThat(o.exit()).isNotZero();
        assertThat(o.output()).contains("lockTimeoutMs must be positive");
    }

    @Test
    void selfMissingFromPeers() throws Exception {
        Outcome o = run("start", "--id", "n9", "--listen", "127.0.0.1:24001",
            "--peers", "n1=127.0.0.1:24001,n2=127.0.0.1:24002", "--data-dir", dir.resolve("d").toString());
        assertThat(o.exit()).isNotZero();
        assertThat(o.output()).contains("n9 is not in its own peer list");
    }

    @Test
    void portAlreadyInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            Outcome o = run("start", "--id", "n1", "--listen", "127.0.0.1:" + port,
                "--peers", "n1=127.0.0.1:" + port, "--data-dir", dir.resolve("d").toString());
            assertThat(o.exit()).isNotZero();
            assertThat(o.output()).contains(String.valueOf(port)).containsIgnoringCase("in use");
        }
    }

    @Test
    void dataDirThatCannotBeCreated() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Outcome o = run("start", "--id", "n1", "--listen", "127.0.0.1:24003",
            "--peers", "n1=127.0.0.1:24003", "--data-dir", file.resolve("data").toString());
        assertThat(o.exit()).isNotZero();
        assertThat(o.output()).contains(file.resolve("data").toString());
    }

    @Test
    void unknownReplicationMode() throws Exception {
        Outcome o = run("start", "--id", "n1", "--listen", "127.0.0.1:24004",
            "--peers", "n1=127.0.0.1:24004", "--data-dir", dir.resolve("d").toString(), "--replication", "eventually");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.output()).contains("unknown replication mode 'eventually'");
    }

    @Test
    void unknownReadConfirmation() throws Exception {
        Outcome o = run("start", "--id", "n1", "--listen", "127.0.0.1:24005",
            "--peers", "n1=127.0.0.1:24005", "--data-dir", dir.resolve("d").toString(), "--reads", "sometimes");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.output()).contains("--reads must be lease or read-index, not 'sometimes'");
    }

    @Test
    void electionTimeoutTooShortForHeartbeats() throws Exception {
        Outcome o = run("start", "--id", "n1", "--listen", "127.0.0.1:24006",
            "--peers", "n1=127.0.0.1:24006", "--data-dir", dir.resolve("d").toString(), "--election-timeout-ms", "20");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.output()).contains("--election-timeout-ms must be between 100 (two heartbeat intervals) and 60000,"
            + " not 20");
        assertThat(StartCommand.electionTicks(1_000, 10, 5)).as("a valid value, in 10 ms ticks").isEqualTo(100);
    }

    @Test
    void blockCacheOutOfRange() throws Exception {
        Outcome o = run("start", "--id", "n1", "--listen", "127.0.0.1:24007",
            "--peers", "n1=127.0.0.1:24007", "--data-dir", dir.resolve("d").toString(), "--block-cache-mb", "0");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.output()).contains("--block-cache-mb must be between 1 and 16777216, not 0");
        assertThat(Files.exists(dir.resolve("d").resolve("state"))).as("no engine opened").isFalse();
        assertThat(StartCommand.blockCacheBytes("256")).isEqualTo(256L << 20);
        assertThat(StartCommand.blockCacheBytes("auto")).as("an eighth of this machine's memory")
            .isEqualTo(StateStorage.blockCacheBytesForMachine())
            .isEqualTo(Math.max(64L << 20, ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 8 >> 20 << 20));
        Outcome words = run("start", "--id", "n1", "--listen", "127.0.0.1:24007",
            "--peers", "n1=127.0.0.1:24007", "--data-dir", dir.resolve("d").toString(), "--block-cache-mb", "lots");
        assertThat(words.exit()).isEqualTo(2);
        assertThat(words.output()).contains("--block-cache-mb must be auto or a number of MiB, not 'lots'");
    }

    @Test
    void engineWriteLimitNegative() throws Exception {
        Outcome o = run("start", "--id", "n1", "--listen", "127.0.0.1:24008",
            "--peers", "n1=127.0.0.1:24008", "--data-dir", dir.resolve("d").toString(), "--engine-write-mb-per-s", "-5");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.output()).contains("--engine-write-mb-per-s must be between 0 (no limit) and 1048576, not -5");
        assertThat(Files.exists(dir.resolve("d").resolve("state"))).as("no engine opened").isFalse();
        assertThat(StartCommand.engineWriteBytesPerSecond(40)).isEqualTo(40L << 20);
    }
}
