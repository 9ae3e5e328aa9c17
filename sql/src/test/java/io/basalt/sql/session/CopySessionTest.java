package io.basalt.sql.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.CopyClient;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.store.MemoryKv;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** COPY through a session on an in-memory store, with a client that hands over scripted pieces. */
class CopySessionTest {
    private final SqlEngine engine = new SqlEngine(new MemoryKv(),
        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    private final SqlSession s = engine.open("tester", "postgres", Map.of());
    private final Client client = new Client();

    CopySessionTest() {
        s.copyClient(client);
    }

    /** A client whose copy-in data is the queued pieces, then CopyDone (or a CopyFail). */
    private static final class Client implements CopyClient {
        final Deque<byte[]> pieces = new ArrayDeque<>();
        String failWith;
        int inColumns = -1;
        int outColumns = -1;
        boolean outEnded;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void send(String... texts) {
            for (String t : texts) {
                pieces.add(t.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void beginCopyIn(int columns) {
            inColumns = columns;
        }

        @Override
        public byte[] read() {
            if (pieces.isEmpty() && failWith != null) {
                throw new SqlException("57014", "COPY from stdin failed: " + failWith);
            }
            return pieces.poll();
        }

        @Override
        public void beginCopyOut(int columns) {
            outColumns = columns;
        }

        @Override
        public void write(byte[] data) {
            out.writeBytes(data);
        }

        @Override
        public void endCopyOut() {
            outEnded = true;
        }

        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private List<Result> run(String sql) {
        List<Result> out = new ArrayList<>();
        s.simpleQuery(sql, out::add);
        return out;
    }

    private String tag(String sql) {
        List<Result> rs = run(sql);
        return rs.get(rs.size() - 1).commandTag();
    }

    private List<String> rows(String sql) {
        List<Result> rs = run(sql);
        Result r = rs.get(rs.size() - 1);
        return r.rows().stream().map(row -> String.join("|", Arrays.stream(row).map(String::valueOf).toList())).toList();
    }

    private SqlException error(String sql) {
        try {
            run(sql);
        } catch (SqlException e) {
            return e;
        }
        throw new AssertionError("no error from: " + sql);
    }

    @Test
    void rowsCutAcrossPiecesAreInsertedWithDefaultsAndSequences() {
        run("CREATE TABLE t (id serial PRIMARY KEY, name text NOT NULL, n int DEFAULT 7, at date)");
        client.send("ada\t1\t2020-01-0", "2\ngrace\t\\N\t\\N\n", "lin", "us\t3\t2021-03-04\n");
        assertThat(tag("COPY t (name, n, at) FROM STDIN")).isEqualTo("COPY 3");
        assertThat(client.inColumns).isEqualTo(3);
        assertThat(rows("SELECT id, name, n, at FROM t ORDER BY id"))
            .containsExactly("1|ada|1|2020-01-02", "2|grace|null|null", "3|linus|3|2021-03-04");
        client.send("x\n");
        assertThat(tag("COPY t (name) FROM STDIN")).isEqualTo("COPY 1");
        assertThat(rows("SELECT id, n FROM t WHERE name = 'x'")).containsExactly("4|7");
    }

    @Test
    void aTableWithoutPrimaryKeyGetsItsHiddenRowIds() {
        run("CREATE TABLE log (msg text, level int)");
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            data.append("m").append(i).append('\t').append(i % 5).append('\n');
        }
        for (int at = 0; at < data.length(); at += 333) {
            client.send(data.substring(at, Math.min(data.length(), at + 333)));
        }
        assertThat(tag("COPY log FROM STDIN")).isEqualTo("COPY 1000");
        assertThat(rows("SELECT count(*), count(DISTINCT msg), sum(level) FROM log")).containsExactly("1000|1000|2000");
    }

    @Test
    void aBadValueFailsTheWholeCopyWithItsLineAndColumn() {
        run("CREATE TABLE t (id int PRIMARY KEY, v text)");
        StringBuilder data = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            data.append(i).append("\tv\n");
        }
        data.append("30x\tbad\n");
        client.send(data.toString());
        SqlException e = error("COPY t FROM STDIN");
        assertThat(e.sqlState()).isEqualTo("22P02");
        assertThat(e.getMessage()).isEqualTo("invalid input syntax for type integer: \"30x\"");
        assertThat(e.context()).isEqualTo("COPY t, line 301, column id: \"30x\"");
        assertThat(rows("SELECT count(*) FROM t")).containsExactly("0");
    }

    @Test
    void valuesAreReadByTheirColumnsInputFunctionsWithTypeModifiers() {
        run("CREATE TABLE t (id int PRIMARY KEY, tag varchar(5), code char(3), v numeric(5,1))");
        client.send("1\ttoolong\tx\t1\n");
        SqlException e = error("COPY t FROM STDIN");
        assertThat(e.sqlState()).isEqualTo("22001");
        assertThat(e.context()).isEqualTo("COPY t, line 1, column tag: \"toolong\"");
        client.send("2\tok\tx\t1.26\n");
        assertThat(tag("COPY t FROM STDIN")).isEqualTo("COPY 1");
        assertThat(rows("SELECT tag, v FROM t")).containsExactly("ok|1.3");
    }

    @Test
    void wrongColumnCountsAre22P04() {
        run("CREATE TABLE t (a int, b int)");
        client.send("1\t2\t3\n");
        SqlException extra = error("COPY t FROM STDIN");
        assertThat(extra.sqlState()).isEqualTo("22P04");
        assertThat(extra.getMessage()).isEqualTo("extra data after last expected column");
        assertThat(extra.context()).isEqualTo("COPY t, line 1: \"1\t2\t3\"");
        client.send("1\t2\n3\n");
        SqlException missing = error("COPY t FROM STDIN");
        assertThat(missing.getMessage()).isEqualTo("missing data for column \"b\"");
        assertThat(missing.context()).isEqualTo("COPY t, line 2: \"3\"");
    }

    @Test
    void constraintsHoldAndAViolationWritesNothing() {
        run("CREATE TABLE p (id int PRIMARY KEY); INSERT INTO p VALUES (1)");
        run("CREATE TABLE c (id int PRIMARY KEY, p int REFERENCES p (id), v int CHECK (v > 0), u text UNIQUE NOT NULL)");
        client.send("1,1,5,a\n2,1,6,a\n");
        assertThat(error("COPY c FROM STDIN WITH (FORMAT csv)").sqlState()).isEqualTo("23505");
        client.send("1,1,5,a\n2,9,6,b\n");
        assertThat(error("COPY c FROM STDIN WITH (FORMAT csv)").sqlState()).isEqualTo("23503");
        client.send("1,1,0,a\n");
        assertThat(error("COPY c FROM STDIN WITH (FORMAT csv)").sqlState()).isEqualTo("23514");
        client.send("1,1,1,\n");
        assertThat(error("COPY c FROM STDIN WITH (FORMAT csv)").sqlState()).isEqualTo("23502");
        assertThat(rows("SELECT count(*) FROM c")).containsExactly("0");
        client.send("1,1,1,\"\"\n");
        assertThat(tag("COPY c FROM STDIN WITH (FORMAT csv)")).isEqualTo("COPY 1");
    }

    @Test
    void copyFailRollsBackAndACopyInsideBeginJoinsTheBlock() {
        run("CREATE TABLE t (id int PRIMARY KEY)");
        client.send("1\n2\n");
        client.failWith = "gave up";
        SqlException e = error("COPY t FROM STDIN");
        assertThat(e.sqlState()).isEqualTo("57014");
        assertThat(e.getMessage()).isEqualTo("COPY from stdin failed: gave up");
        client.failWith = null;
        assertThat(rows("SELECT count(*) FROM t")).containsExactly("0");

        run("BEGIN; INSERT INTO t VALUES (100)");
        client.send("1\n2\n");
        assertThat(tag("COPY t FROM STDIN WITH (FREEZE on)")).isEqualTo("COPY 2");
        run("ROLLBACK");
        assertThat(rows("SELECT count(*) FROM t")).containsExactly("0");
        run("BEGIN; TRUNCATE t");
        client.send("3\n");
        run("COPY t FROM STDIN");
        client.send("4\n");
        run("COPY t FROM STDIN");
        run("COMMIT");
        assertThat(rows("SELECT id FROM t ORDER BY id")).containsExactly("3", "4");
    }

    @Test
    void oldOptionSyntaxAndCsvHeader() {
        run("CREATE TABLE t (id int, name text)");
        client.send("id,name\n1,\"a,b\"\n2,\n");
        assertThat(tag("COPY t FROM STDIN CSV HEADER")).isEqualTo("COPY 2");
        client.send("3|x\n");
        assertThat(tag("copy t from stdin with delimiter as '|' null as ''")).isEqualTo("COPY 1");
        client.send("4;\\N\n");
        assertThat(tag("COPY public.t (id, name) FROM stdin WITH DELIMITER ';'")).isEqualTo("COPY 1");
        assertThat(rows("SELECT id, name FROM t ORDER BY id")).containsExactly("1|a,b", "2|null", "3|x", "4|null");
        client.send("name,id\n");
        assertThat(error("COPY t FROM STDIN WITH (FORMAT csv, HEADER match)").getMessage())
            .isEqualTo("column name mismatch in header line field 1: got \"name\", expected \"id\"");
    }

    @Test
    void copyToStdoutWritesTextAndCsvAsQueryResultsShowValues() {
        run("CREATE TABLE t (id int PRIMARY KEY, name text, ok boolean, price numeric(6,2))");
        run("INSERT INTO t VALUES (1, 'tab\there', true, 1.5), (2, NULL, false, NULL), (3, 'a,\"b\"', NULL, 2)");
        assertThat(tag("COPY t TO STDOUT")).isEqualTo("COPY 3");
        assertThat(client.outColumns).isEqualTo(4);
        assertThat(client.outEnded).isTrue();
        assertThat(client.output()).isEqualTo("1\ttab\\there\tt\t1.50\n2\t\\N\tf\t\\N\n3\ta,\"b\"\t\\N\t2.00\n");
        client.out.reset();
        assertThat(tag("COPY t (name, id) TO STDOUT WITH (FORMAT csv, HEADER)")).isEqualTo("COPY 3");
        assertThat(client.output()).isEqualTo("name,id\ntab\there,1\n,2\n\"a,\"\"b\"\"\",3\n");
        client.out.reset();
        assertThat(tag("COPY (SELECT id * 10 AS x FROM t WHERE id > 1 ORDER BY id) TO STDOUT")).isEqualTo("COPY 2");
        assertThat(client.output()).isEqualTo("20\n30\n");
    }

    @Test
    void serverFilesProgramsAndUnknownNamesAreClearErrors() {
        run("CREATE TABLE t (id int)");
        SqlException file = error("COPY t FROM '/etc/passwd'");
        assertThat(file.sqlState()).isEqualTo("42501");
        assertThat(file.hint()).contains("\\copy");
        assertThat(error("COPY t TO PROGRAM 'ls'").sqlState()).isEqualTo("42501");
        assertThat(error("COPY nope FROM STDIN").sqlState()).isEqualTo("42P01");
        assertThat(error("COPY t (zz) FROM STDIN").sqlState()).isEqualTo("42703");
        assertThat(error("COPY t FROM STDIN WITH (FORMAT binary)").sqlState()).isEqualTo("0A000");
        assertThat(error("COPY t FROM STDOUT").sqlState()).isEqualTo("42601");
        assertThat(error("COPY (SELECT 1) FROM STDIN").sqlState()).isEqualTo("42601");
        assertThat(client.inColumns).isEqualTo(-1);
    }
}
