package io.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.server.client.BasaltClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basalt kv txn} against three real node processes, one cluster for the class: steps
 * commit together or not at all, a bad step is refused before anything runs, and a failure
 * prints the server's SQLSTATE. A case that needs a=1, b=2 writes them first, so none depends
 * on another having run.
 */
class KvTxnCommandTest {
    @TempDir
    static Path dir;
    private static NodeProcesses cluster;

    private record Outcome(int exit, String out, String err) {}

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new NodeProcesses(dir, 3);
        cluster.startAll();
        try (BasaltClient client = cluster.client()) {
            // Three JVMs starting at once on a loaded machine can take a while; a healthy one elects in seconds.
            cluster.awaitLeader(client, Duration.ofSeconds(60));
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void stepsCommitTogether() {
        Outcome o = txn("put a 1", "put b 2");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains("put a 1 -> OK", "put b 2 -> OK", "COMMIT at ");
        assertThat(kv("get", "a")).isEqualTo("1");
        assertThat(kv("get", "b")).isEqualTo("2");
    }

    @Test
    void anAbortedTransactionChangesNothing() {
        seed();
        Outcome o = txn("get a", "put a 5", "abort");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains("get a -> 1", "put a 5 -> OK", "ROLLBACK").doesNotContain("COMMIT");
        assertThat(kv("get", "a")).isEqualTo("1");
    }

    @Test
    void aMalformedStepIsRefusedBeforeAnyStepRuns() {
        Outcome o = txn("put c 9", "frobnicate x");
        assertThat(o.exit()).as(o.toString()).isEqualTo(2);
        assertThat(o.err()).contains("unknown step 'frobnicate x'");
        assertThat(o.out()).doesNotContain("BEGIN");
        assertThat(kv("get", "c")).as("the well-formed step before it did not run").isEqualTo("(none)");
    }

    @Test
    void aReadOnlyTransactionScansItsSnapshot() {
        seed();
        Outcome o = txn("--read-only", "scan a -");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains("read-only snapshot at", "scan a - -> 2 row(s)", "  a = 1", "  b = 2",
            "COMMIT (nothing written)");
    }

    @Test
    void aWriteInAReadOnlyTransactionFailsWith25006() {
        seed();
        Outcome o = txn("--read-only", "put a 7");
        assertThat(o.exit()).as(o.toString()).isEqualTo(3);
        assertThat(o.out()).contains("ERROR 25006: cannot write 'a' in a read-only transaction")
            .doesNotContain("[SQLSTATE").doesNotContain("COMMIT");
        assertThat(kv("get", "a")).isEqualTo("1");
    }

    private static void seed() {
        Outcome o = txn("put a 1", "put b 2");
        assertThat(o.exit()).as("seeding a=1, b=2: %s", o).isZero();
    }

    /** {@code basalt kv txn [options] STEP...} against the cluster. */
    private static Outcome txn(String... optionsAndSteps) {
        List<String> args = new ArrayList<>(List.of("kv", "txn", "--nodes", cluster.peers));
        args.addAll(List.of(optionsAndSteps));
        return run(args);
    }

    /** {@code basalt kv VERB ARGS...}: its one line of output, after checking it succeeded. */
    private static String kv(String verb, String... rest) {
        List<String> args = new ArrayList<>(List.of("kv", verb, "--nodes", cluster.peers));
        args.addAll(List.of(rest));
        Outcome o = run(args);
        assertThat(o.exit()).as("basalt %s: %s", String.join(" ", args), o).isZero();
        return o.out().strip();
    }

    /** Runs the command in this JVM, capturing what it prints (commands print to System.out and System.err). */
    private static Outcome run(List<String> args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().setErr(new PrintWriter(picocliErr, true))
                .execute(args.toArray(String[]::new));
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8) + picocliErr);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }
}
