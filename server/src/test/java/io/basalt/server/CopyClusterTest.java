package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/** COPY through the clients that use it: psql's \copy and pgjdbc's CopyManager (pgbench's initial load: PgbenchTest). */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CopyClusterTest {
    @TempDir
    Path dir;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private int start(int nodes) throws IOException {
        cluster = TestCluster.start(dir, nodes, c -> c.withSql(new InetSocketAddress("127.0.0.1", 0)));
        return cluster.node(cluster.awaitLeader()).sqlAddress().getPort();
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "app", "");
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** Runs a program to its end; returns its exit status and output (stdout and stderr). */
    private record Run(int status, String output) {
    }

    private Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as(out).isTrue();
        return new Run(p.exitValue(), out);
    }

    private Run psql(int port, String script) throws Exception {
        Path file = Files.createTempFile(dir, "script", ".sql");
        Files.writeString(file, "\\set ON_ERROR_STOP 1\n" + script);
        return run("psql", "-X", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "app", "-d", "postgres", "-A", "-t",
            "-f", file.toString());
    }

    @Test
    void psqlBackslashCopyLoadsAFileAndWritesItBack() throws Exception {
        int port = start(3);
        Path in = dir.resolve("people.csv");
        StringBuilder csv = new StringBuilder("id,name,note\n");
        for (int i = 1; i <= 2000; i++) {
            csv.append(i).append(",person ").append(i).append(',').append(i % 3 == 0 ? "" : "\"says \"\"hi\"\", twice\"")
                .append('\n');
        }
        Files.writeString(in, csv);
        Path outCsv = dir.resolve("out.csv");
        Path outText = dir.resolve("out.txt");
        Run r = psql(port, "CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, note text);\n"
            + "\\copy people from '" + in + "' with csv header\n"
            + "SELECT count(*), count(note) FROM people;\n"
            + "\\copy people to '" + outCsv + "' with (format csv, header)\n"
            + "\\copy (SELECT id, note FROM people WHERE id <= 3 ORDER BY id) to '" + outText + "'\n");
        assertThat(r.status()).as(r.output()).isZero();
        assertThat(r.output()).contains("COPY 2000").contains("2000|1334");
        List<String> lines = Files.readAllLines(outCsv);
        assertThat(lines).hasSize(2001);
        assertThat(lines.get(0)).isEqualTo("id,name,note");
        assertThat(new java.util.TreeSet<>(lines.subList(1, lines.size())))
            .isEqualTo(new java.util.TreeSet<>(List.of(csv.toString().split("\n")).subList(1, 2001)));
        assertThat(Files.readString(outText)).isEqualTo("1\tsays \"hi\", twice\n2\tsays \"hi\", twice\n3\t\\N\n");

        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "5000\tok\t\\N\n5001\tok\n");
        Run failed = psql(port, "\\set VERBOSITY verbose\n\\copy people from '" + bad + "'\n");
        assertThat(failed.status()).as(failed.output()).isEqualTo(3);
        assertThat(failed.output()).contains("ERROR:  22P04: missing data for column \"note\"")
            .contains("CONTEXT:  COPY people, line 2: \"5001\tok\"");
        try (Connection c = connect(port)) {
            assertThat(rows(c, "SELECT count(*) FROM people WHERE id >= 5000")).containsExactly("0");
        }
    }

    @Test
    void pgjdbcCopyManagerCopiesInAndOutAndReportsBadRows() throws Exception {
        int port = start(1);
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE m (id bigint PRIMARY KEY, v numeric(10,2), at timestamp, tag varchar(5))");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder data = new StringBuilder();
            for (int i = 1; i <= 5000; i++) {
                data.append(i).append('\t').append(i / 4.0).append("\t2024-01-01 00:00:").append(i % 60 < 10 ? "0" : "")
                    .append(i % 60).append('\t').append(i % 2 == 0 ? "even" : "\\N").append('\n');
            }
            assertThat(copy.copyIn("COPY m FROM STDIN", new StringReader(data.toString()), 1000)).isEqualTo(5000);
            assertThat(rows(c, "SELECT count(*), sum(v), count(tag) FROM m")).containsExactly("5000|3125625.00|2500");

            StringWriter out = new StringWriter();
            assertThat(copy.copyOut("COPY (SELECT * FROM m WHERE id IN (1, 2) ORDER BY id) TO STDOUT WITH (FORMAT csv)",
                out)).isEqualTo(2);
            assertThat(out.toString()).isEqualTo("1,0.25,2024-01-01 00:00:01,\n2,0.50,2024-01-01 00:00:02,even\n");

            assertThatThrownBy(() -> copy.copyIn("COPY m FROM STDIN", new StringReader("9001\t1\t\\N\ttoolong\n")))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22001"));
            assertThatThrownBy(() -> copy.copyIn("COPY m (id, v) FROM STDIN", new StringReader("9002\tnope\n")))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("22P02");
                    assertThat(e.getMessage()).contains("COPY m, line 1, column v: \"nope\"");
                });

            CopyIn abandoned = copy.copyIn("COPY m (id) FROM STDIN");
            byte[] row = "9003\n".getBytes(StandardCharsets.UTF_8);
            abandoned.writeToCopy(row, 0, row.length);
            // pgjdbc sends CopyFail and swallows the error it expects in return.
            abandoned.cancelCopy();
            assertThat(abandoned.isActive()).isFalse();
            assertThat(rows(c, "SELECT count(*) FROM m WHERE id > 9000")).containsExactly("0");

            c.setAutoCommit(false);
            s.execute("DELETE FROM m WHERE id > 10");
            assertThat(copy.copyIn("COPY m (id) FROM STDIN", new StringReader("100\n101\n"))).isEqualTo(2);
            c.rollback();
            assertThat(rows(c, "SELECT count(*) FROM m")).containsExactly("5000");
        }
    }
}
