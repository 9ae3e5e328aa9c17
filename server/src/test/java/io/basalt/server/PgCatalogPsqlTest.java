package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.basalt.server.sqlcorpus.PostgresInstance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * psql's meta-commands against a Basalt node and against PostgreSQL 15 with the same schema:
 * the real psql binary sends its catalog queries to both, and prints the same text.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PgCatalogPsqlTest {
    private static final Path PSQL = Path.of("/usr/bin/psql");
    private static final long PSQL_SECONDS_MAX = 30;
    private static final List<String> SCHEMA = List.of(
        "CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE)",
        "CREATE TABLE items (id serial PRIMARY KEY, name varchar(40) NOT NULL, qty integer DEFAULT 0 CHECK (qty >= 0),"
            + " price numeric(10,2), parent_id int REFERENCES parent(id), created timestamptz DEFAULT now(),"
            + " flags integer NOT NULL DEFAULT 1, CONSTRAINT items_flags_range CHECK (flags >= 0 AND flags <= 7))",
        "CREATE INDEX items_name_idx ON items (name)",
        "CREATE UNIQUE INDEX items_parent_name ON items (parent_id, name)");

    @TempDir
    static Path dir;
    private static TestCluster cluster;
    private static PostgresInstance postgres;
    private static int basaltPort;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(PSQL), "psql is not installed");
        assumeTrue(Files.isDirectory(Path.of(PostgresInstance.DEFAULT_BIN_DIR)), "PostgreSQL 15 is not installed");
        cluster = TestCluster.start(dir, 1, c -> c.withSql(new InetSocketAddress("127.0.0.1", 0)));
        cluster.awaitLeader();
        basaltPort = cluster.node(cluster.awaitLeader()).sqlAddress().getPort();
        postgres = PostgresInstance.start();
        for (String url : List.of("jdbc:postgresql://127.0.0.1:" + basaltPort + "/postgres", postgres.jdbcUrl())) {
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Run psql(int port, String command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PSQL.toString(), "-X", "-w", "-h", "127.0.0.1",
            "-p", Integer.toString(port), "-U", "postgres", "-d", "postgres", "-c", command));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        pb.environment().remove("PGPASSWORD");
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(PSQL_SECONDS_MAX, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("psql finished within %d s", PSQL_SECONDS_MAX).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
            new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Runs {@code command} on both servers; both must succeed and print the same. */
    private static String same(String command) throws Exception {
        Run expected = psql(postgres.port(), command);
        Run actual = psql(basaltPort, command);
        assertThat(expected.exitCode()).as("PostgreSQL: %s", expected.stderr()).isZero();
        assertThat(actual.stderr()).as(command).isEqualTo(expected.stderr());
        assertThat(actual.exitCode()).isZero();
        assertThat(actual.stdout()).as(command).isEqualTo(expected.stdout());
        return actual.stdout();
    }

    @Test
    void listsTables() throws Exception {
        assertThat(same("\\dt")).contains(" public | items  | table | postgres\n", "(2 rows)");
        same("\\dt parent");
        same("\\dt it*");
    }

    @Test
    void listsIndexesWithTheirTables() throws Exception {
        assertThat(same("\\di")).contains(" public | items_parent_name | index | postgres | items\n", "(5 rows)");
        same("\\di items*");
    }

    @Test
    void listsSequencesAndAllRelations() throws Exception {
        assertThat(same("\\ds")).contains(" public | items_id_seq | sequence | postgres\n");
        assertThat(same("\\d")).contains("(3 rows)");
    }

    @Test
    void aNameThatMatchesNothingSaysSo() throws Exception {
        assertThat(same("\\dt nothing_here")).isEmpty();
    }

    /**
     * {@code \d TABLE}: columns with types, NOT NULL and defaults; the primary key, unique and
     * plain indexes; checks; foreign keys; and on the referenced table, the foreign keys that
     * reference it ("Referenced by:").
     */
    @Test
    void describesOneTableAsPostgresDoes() throws Exception {
        assertThat(same("\\d items")).contains(
            " flags     | integer                  |           | not null | 1\n",
            "    \"items_pkey\" PRIMARY KEY, btree (id)\n",
            "    \"items_parent_name\" UNIQUE, btree (parent_id, name)\n",
            "Check constraints:\n",
            "Foreign-key constraints:\n    \"items_parent_id_fkey\" FOREIGN KEY (parent_id) REFERENCES parent(id)\n");
        assertThat(same("\\d parent")).contains("\"parent_code_key\" UNIQUE CONSTRAINT, btree (code)",
            "Referenced by:\n    TABLE \"items\" CONSTRAINT \"items_parent_id_fkey\" FOREIGN KEY (parent_id) REFERENCES parent(id)\n");
        same("\\d items_pkey");
        same("\\d pa*");
    }

    @Test
    void describesASequenceWithItsOwningColumn() throws Exception {
        assertThat(same("\\d items_id_seq")).contains("Sequence \"public.items_id_seq\"",
            " integer |     1 |       1 | 2147483647 |         1 | no      |     1\n", "Owned by: public.items.id\n");
    }

    @Test
    void pgbenchFindsItsTableUnpartitioned() throws Exception {
        String sql = "select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c "
            + "join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) "
            + "cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) "
            + "left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) "
            + "left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) "
            + "where c.relname = 'items' and o.n is not null group by 1, 2 order by 1 asc limit 1";
        for (String url : List.of("jdbc:postgresql://127.0.0.1:" + basaltPort + "/postgres", postgres.jdbcUrl())) {
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(sql)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as(url).isEqualTo(2);
                assertThat(rs.getString(2)).isNull();
                assertThat(rs.getLong(3)).isZero();
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void listsTheDatabaseSchemasRolesFunctionsAndViews() throws Exception {
        // PostgreSQL also has template0 and template1; Basalt has the one database.
        assertThat(same("\\l postgres")).contains(" postgres | postgres | UTF8     | C       | C     |",
            "(1 row)");
        assertThat(psql(basaltPort, "\\l").stdout()).contains(" postgres | postgres | UTF8 ", "(1 row)");
        assertThat(same("\\dn")).contains(" public | pg_database_owner\n", "(1 row)");
        assertThat(same("\\du")).contains(" postgres  | Superuser, Create role, Create DB, Replication, Bypass RLS | {}");
        assertThat(same("\\df")).contains("(0 rows)");
        same("\\dv");
    }

    /**
     * {@code \dt+} prints what PostgreSQL prints but the size, which counts the bytes Basalt
     * stores for the table's rows rather than PostgreSQL's pages.
     */
    @Test
    void listsTablesWithTheirSizes() throws Exception {
        Run expected = psql(postgres.port(), "\\dt+");
        Run actual = psql(basaltPort, "\\dt+");
        assertThat(actual.stderr()).isEqualTo(expected.stderr());
        assertThat(withoutColumn(actual.stdout(), "Size")).isEqualTo(withoutColumn(expected.stdout(), "Size"));
        String url = "jdbc:postgresql://127.0.0.1:" + basaltPort + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sized (id int PRIMARY KEY, note text)");
            String before = size(s);
            s.execute("INSERT INTO sized SELECT g, repeat('x', 100) FROM generate_series(1, 500) g");
            String after = size(s);
            assertThat(before).isEqualTo("0 bytes");
            assertThat(after).endsWith(" kB");
            assertThat(psql(basaltPort, "\\dt+ sized").stdout())
                .contains(" public | sized | table | postgres | permanent   | heap          | " + after + " |");
            s.execute("DROP TABLE sized");
        }
    }

    private static String size(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_table_size('sized'))")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** The cells of psql's aligned table output, trimmed, without the column named {@code name}, and its row count. */
    private static List<List<String>> withoutColumn(String table, String name) {
        List<List<String>> rows = new ArrayList<>();
        int drop = -1;
        for (String line : table.split("\n")) {
            if (!line.contains("|")) {
                // The title and the rule are as wide as the columns; the row count is kept.
                if (line.startsWith("(")) {
                    rows.add(List.of(line));
                }
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.split("\\|", -1)) {
                cells.add(cell.strip());
            }
            if (drop < 0) {
                drop = cells.indexOf(name);
                assertThat(drop).as("column %s in %s", name, line).isNotNegative();
            }
            cells.remove(drop);
            rows.add(cells);
        }
        return rows;
    }
}
