package io.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.server.client.BasaltClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basalt import} against three real node processes serving SQL, one cluster for the
 * class and a table per case: files of 20 000 rows load in batches of 3 000 and read back
 * exactly; a bad row stops the load at its line of the file with the earlier batches committed
 * and none of its own, and the printed resume command completes the table; one transaction
 * loads nothing; a missing file, table or server is one line; a log gets plain progress lines.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ImportCommandTest {
    private static final int ROWS = 20_000;
    private static final int BATCH_ROWS = 3_000;
    /** The table every case loads into its own copy of. */
    private static final String COLUMNS = "(id bigint PRIMARY KEY, name text NOT NULL, note text, amount numeric(10,2))";
    /** Three JVMs starting at once on a loaded machine can take a while; a healthy one elects in seconds. */
    private static final Duration FIRST_LEADER_WITHIN = Duration.ofSeconds(60);
    private static final Duration SQL_READY_WITHIN = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static NodeProcesses cluster;
    private static int sqlPort;

    private record Outcome(int exit, String out, String err) {}

    /** A generated file and the rows the table must hold after loading it, as {@link #tableRows} prints them. */
    private record Data(Path file, List<String> rows, List<Long> lineOfRow) {}

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new NodeProcesses(dir, 3, true);
        cluster.startAll();
        try (BasaltClient client = cluster.client()) {
            cluster.awaitLeader(client, FIRST_LEADER_WITHIN);
        }
        sqlPort = cluster.sqlPorts.get("n1");
        await().atMost(SQL_READY_WITHIN).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                return s.execute("SELECT 1");
            }
        });
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aCsvFileLoadsInBatchesAndReadsBackExactly() throws Exception {
        createTable("items_csv");
        Data data = csv("items.csv", i -> null);
        Outcome o = importFile(data.file(), "--table", "items_csv", "--header", "--batch-rows", "3000");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains("imported 20000 rows into items_csv from " + data.file());
        assertThat(o.err()).as("no progress lines in 5 s, and no errors").isEmpty();
        assertThat(tableRows("items_csv")).isEqualTo(data.rows());
    }

    @Test
    void aTextFileLoadsFromStandardInputIntoTheColumnsNamed() throws Exception {
        createTable("items_text");
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            // Columns in another order than the table's; escapes for a tab, a newline and a backslash.
            String note = i % 7 == 0 ? "\\N" : "tab\\there\\nnext line \\\\ " + i;
            text.append(String.format("%d.%02d\t%s\tname %d\t%d%n", i % 1000, i % 100, note, i, i));
            expected.add(i + "|name " + i + "|" + (i % 7 == 0 ? "NULL" : "tab\there\nnext line \\ " + i) + "|"
                + String.format("%d.%02d", i % 1000, i % 100));
        }
        Outcome o = run(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), "import", "-",
            "--port", Integer.toString(sqlPort), "--table", "items_text", "--columns", "amount, note,name,id",
            "--batch-rows", "3000", "--progress", "none");
        assertThat(o.exit()).as(o.toString()).isZero();
        assertThat(o.out()).contains("imported 20000 rows into items_text from standard input");
        assertThat(tableRows("items_text")).isEqualTo(expected);
    }

    @Test
    void aBadRowStopsTheLoadAtItsLineInTheFileAndTheResumeCommandCompletesTheTable() throws Exception {
        createTable("items_bad");
        int badRow = 10_500;
        Data bad = csv("bad.csv", i -> i == badRow ? "oops" : null);
        Outcome o = importFile(bad.file(), "--table", "items_bad", "--header", "--batch-rows", "3000");
        assertThat(o.exit()).as(o.toString()).isEqualTo(1);
        // The rows before it span more lines than rows: the header, and quoted notes over two lines.
        long line = bad.lineOfRow().get(badRow - 1);
        assertThat(line).isGreaterThan(badRow + 1);
        assertThat(o.err()).contains("basalt: line " + line + " of " + bad.file() + " (data row 10500) was rejected:"
                + " ERROR 22P02: invalid input syntax for type bigint: \"oops\"")
            .contains("9000 rows were committed before it (data rows 1-9000); the batch of data rows 9001-12000 was"
                + " rolled back.")
            .contains("--skip-rows 9000").doesNotContain("\tat ");
        assertThat(tableRows("items_bad")).as("the three batches before it, none of its own")
            .isEqualTo(bad.rows().subList(0, 9_000));

        Data fixed = csv("bad.csv", i -> null);
        String resume = o.err().lines().filter(l -> l.contains("resume with: ")).findFirst().orElseThrow();
        List<String> args = List.of(resume.substring(resume.indexOf("./basalt ") + "./basalt ".length()).split(" "));
        assertThat(args).contains("--skip-rows", "9000", "--batch-rows", "3000", "--header");
        Outcome resumed = run(args.toArray(String[]::new));
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("imported 11000 rows into items_bad", "after skipping 9000 rows");
        assertThat(tableRows("items_bad")).isEqualTo(fixed.rows());
    }

    @Test
    void inOneTransactionABadRowLeavesTheTableEmpty() throws Exception {
        createTable("items_single");
        Data bad = csv("single.csv", i -> i == 15_000 ? "1" : null);
        Outcome o = importFile(bad.file(), "--table", "items_single", "--header", "--batch-rows", "3000",
            "--single-transaction");
        assertThat(o.exit()).as(o.toString()).isEqualTo(1);
        // Row 15 000 repeats the id of row 1: a constraint violation, which names no line, only its batch.
        assertThat(o.err()).contains("the batch of data rows 12001-15000 (lines " + bad.lineOfRow().get(12_000) + "-"
                + bad.lineOfRow().get(14_999) + " of " + bad.file() + ") failed: ERROR 23505: duplicate key value")
            .contains("Nothing was committed: --single-transaction rolled the whole load back.");
        assertThat(tableRows("items_single")).isEmpty();
    }

    @Test
    void aMissingFileTableOrServerIsOneLineWithoutAStackTrace() throws Exception {
        Data data = csv("small.csv", i -> null);
        Outcome noFile = importFile(dir.resolve("nope.csv"), "--table", "items_csv");
        assertThat(noFile.exit()).isEqualTo(1);
        assertThat(noFile.err()).isEqualTo("basalt: cannot read " + dir.resolve("nope.csv") + ": no such file\n");

        Outcome noTable = importFile(data.file(), "--table", "no_such_table");
        assertThat(noTable.exit()).isEqualTo(1);
        assertThat(noTable.err())
            .isEqualTo("basalt: cannot import into no_such_table: ERROR 42P01: relation \"no_such_table\" does not exist\n");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Outcome noServer = run("import", data.file().toString(), "--table", "t", "--url",
            "postgresql://127.0.0.1:" + closedPort + "/postgres");
        assertThat(noServer.exit()).isEqualTo(1);
        assertThat(noServer.err()).startsWith("basalt: cannot connect to postgresql://127.0.0.1:")
            .contains("Connection refused").hasLineCount(1);

        Outcome badOption = importFile(data.file(), "--table", "t; DROP TABLE items_csv");
        assertThat(badOption.exit()).isEqualTo(2);
        assertThat(badOption.err()).startsWith("basalt: --table must be a table name").hasLineCount(1);
    }

    @Test
    void withStandardErrorInALogTheProgressIsPlainLines() throws Exception {
        createTable("items_log");
        Data data = csv("log.csv", i -> null);
        Path log = dir.resolve("import.log");
        List<String> cmd = new ArrayList<>(DemoCommand.javaCommand());
        cmd.addAll(List.of("import", data.file().toString(), "--port", Integer.toString(sqlPort), "--table",
            "items_log", "--header", "--batch-rows", "3000", "--progress-every-ms", "300"));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(log);
        assertThat(p.exitValue()).as(out + err).isZero();
        assertThat(out).contains("imported 20000 rows into items_log");
        List<String> progress = err.lines().filter(l -> l.startsWith("import items_log: ")).toList();
        assertThat(progress).as(err).isNotEmpty().allSatisfy(l -> assertThat(l)
            .matches("import items_log: \\d+% of [0-9.]+ MiB read, \\d+ rows committed, \\d+ rows/s(, ETA \\d+:\\d\\d)?"));
        assertThat(err).doesNotContain("\r");
        assertThat(tableRows("items_log")).isEqualTo(data.rows());
    }

    /**
     * The leader is killed in the middle of a load through another node: a batch it aborted
     * (40001) is sent again, and the table ends up complete, every row once.
     */
    @Test
    void aLeaderKilledInTheMiddleCostsTheLoadNoRow() throws Exception {
        String leader;
        try (BasaltClient admin = cluster.client()) {
            leader = cluster.awaitLeader(admin, Duration.ofSeconds(30));
        }
        String gateway = cluster.sqlPorts.keySet().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        int port = cluster.sqlPorts.get(gateway);
        createTable("items_failover");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 3 * ROWS; i++) {
            sb.append(i).append(",name ").append(i).append(",note ").append(i).append(",1.00\n");
        }
        Path file = dir.resolve("failover.csv");
        Files.writeString(file, sb);
        Outcome[] outcome = new Outcome[1];
        Thread load = Thread.ofPlatform().start(() -> outcome[0] = run("import", file.toString(), "--port",
            Integer.toString(port), "--table", "items_failover", "--batch-rows", "2000", "--progress", "lines",
            "--progress-every-ms", "1000"));
        try {
            // Kill it once some batches are in, while others are still to come.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> count(port, "items_failover") >= 4_000 || !load.isAlive());
            assertThat(load.isAlive()).as("the load is still running when the leader is killed").isTrue();
            cluster.kill(leader);
            load.join(TimeUnit.SECONDS.toMillis(300));
            assertThat(outcome[0]).isNotNull();
            assertThat(outcome[0].exit()).as(outcome[0].toString()).isZero();
            assertThat(outcome[0].out()).contains("imported 60000 rows into items_failover");
            try (Connection c = connect(port); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM items_failover")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                    .containsExactly(60_000L, 60_000L, 1L, 60_000L);
            }
        } finally {
            load.join(TimeUnit.SECONDS.toMillis(300));
            if (!cluster.running.containsKey(leader)) {
                cluster.start(leader);
                try (BasaltClient admin = cluster.client()) {
                    cluster.awaitCaughtUp(admin, List.of(leader));
                }
            }
        }
    }

    private static long count(int port, String table) {
        try (Connection c = connect(port); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /**
     * {@value #ROWS} CSV rows with a header: names with quotes and commas, notes that are NULL,
     * empty or two lines long; {@code badId} may replace a row's id.
     */
    private static Data csv(String name, IntFunction<String> badId) throws Exception {
        StringBuilder csv = new StringBuilder("id,name,note,amount\n");
        List<String> rows = new ArrayList<>();
        List<Long> lineOfRow = new ArrayList<>();
        long line = 2;
        for (int i = 1; i <= ROWS; i++) {
            String id = badId.apply(i) != null ? badId.apply(i) : Integer.toString(i);
            String nameValue = i % 13 == 0 ? "O\"Brien, " + i : "name " + i;
            String nameField = i % 13 == 0 ? "\"O\"\"Brien, " + i + "\"" : nameValue;
            String note = i % 7 == 0 ? null : i % 100 == 0 ? "line one\nline two " + i : i % 11 == 0 ? "" : "note " + i;
            String noteField = note == null ? "" : note.isEmpty() || note.contains("\n") ? "\"" + note + "\"" : note;
            String amount = String.format("%d.%02d", i % 1000, i % 100);
            csv.append(id).append(',').append(nameField).append(',').append(noteField).append(',').append(amount)
                .append('\n');
            rows.add(i + "|" + nameValue + "|" + (note == null ? "NULL" : note) + "|" + amount);
            lineOfRow.add(line);
            line += note != null && note.contains("\n") ? 2 : 1;
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return new Data(file, rows, lineOfRow);
    }

    private static void createTable(String name) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " " + COLUMNS);
        }
    }

    /** The table's rows by id, as {@code id|name|note|amount}, NULL for a null. */
    private static List<String> tableRows(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, note, amount FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + (rs.getString(3) == null ? "NULL" : rs.getString(3))
                    + "|" + rs.getString(4));
            }
        }
        return out;
    }

    private static Connection connect() throws SQLException {
        return connect(sqlPort);
    }

    private static Connection connect(int port) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "test");
        p.setProperty("password", "");
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }

    /** {@code basalt import FILE --port P --progress none ARGS...}. */
    private static Outcome importFile(Path file, String... args) {
        List<String> all = new ArrayList<>(List.of("import", file.toString(), "--port", Integer.toString(sqlPort),
            "--progress", "none"));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private static Outcome run(String... args) {
        return run(System.in, args);
    }

    /** Runs the command in this JVM, capturing what it prints (commands print to System.out and System.err). */
    private static Outcome run(InputStream in, String... args) {
        InputStream savedIn = System.in;
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliErr = new StringWriter();
        try {
            System.setIn(in);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().setErr(new PrintWriter(picocliErr, true)).execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8) + picocliErr);
        } finally {
            System.setIn(savedIn);
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }
}
