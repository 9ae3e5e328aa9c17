package io.basalt.server.sqlcorpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.basalt.server.sqlcorpus.CorpusRunner.FileResult;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus is right: every file passes against a real PostgreSQL 15. Also checks that the runner
 * itself notices wrong results, wrong SQLSTATEs and unexpected successes, so that a passing corpus
 * means something.
 */
class PostgresCorpusTest {
    /** The corpus must not quietly shrink. */
    static final int CORPUS_RECORDS_MIN = 420;

    private static PostgresInstance pg;
    private static CorpusRunner runner;

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = PostgresInstance.start();
        runner = new CorpusRunner(CorpusTarget.postgres(pg));
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFilePassesOnPostgres() {
        return CorpusFile.loadCorpus().stream().map(file -> dynamicTest(file.name(), () -> {
            FileResult result = runner.run(file);
            assertThat(result.failures()).as(result::report).isEmpty();
            assertThat(result.notes()).as(result::report).isEmpty();
            assertThat(result.passed()).as("records that ran in %s", file.name()).isPositive();
        }));
    }

    @Test
    void corpusHasEnoughRecords() {
        int records = CorpusFile.loadCorpus().stream().mapToInt(f -> f.records().size()).sum();
        assertThat(records).isGreaterThanOrEqualTo(CORPUS_RECORDS_MIN);
    }

    @Test
    void fixtureServesPostgres15WithFsyncOnLoopback() throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000,"
                 + " current_setting('fsync'), current_setting('listen_addresses'), current_setting('shared_buffers')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(15);
            assertThat(rs.getString(2)).isEqualTo("on");
            assertThat(rs.getString(3)).isEqualTo("127.0.0.1");
            assertThat(rs.getString(4)).isEqualTo("128MB");
        }
        assertThat(pg.port()).isBetween(PostgresInstance.PORT_SCAN_FIRST, 32767);
    }

    @Test
    void runnerReportsEveryKindOfMismatch() {
        CorpusFile file = CorpusFile.parse("selfcheck.slt", """
            statement ok
            CREATE TABLE selfcheck (id int PRIMARY KEY, v text)

            statement count 2
            INSERT INTO selfcheck VALUES (1, ''), (2, NULL)

            query
            SELECT v FROM selfcheck WHERE id = 1
            ----
            wrong

            statement error 23505
            INSERT INTO selfcheck VALUES (3, 'x')

            statement ok
            UPDATE selfcheck SET v = 'x' WHERE id = 3

            statement error 42P01
            SELECT * FROM selfcheck

            statement count 5
            DELETE FROM selfcheck WHERE id = 3

            query rowsort
            SELECT id, v FROM selfcheck
            ----
            2|NULL
            1|(empty)

            skipif postgres # checks that a skipped record does not run
            query
            SELECT 1
            ----
            2
            """);
        FileResult result = runner.run(file);
        assertThat(result.passed()).isEqualTo(4);
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.failures()).extracting(CorpusRunner.Failure::location)
            .containsExactly("selfcheck.slt:7", "selfcheck.slt:12", "selfcheck.slt:18", "selfcheck.slt:21");
        List<String> texts = result.failures().stream().map(CorpusRunner.Failure::toString).toList();
        assertThat(texts.get(0)).contains("SELECT v FROM selfcheck WHERE id = 1", "wrong", "(empty)");
        assertThat(texts.get(1)).contains("error 23505", "rows affected (no result set)");
        assertThat(texts.get(2)).contains("error 42P01", "3|x");
        assertThat(texts.get(3)).contains("5 rows affected", "1 rows affected (no result set)");
        assertThat(result.report()).contains("selfcheck.slt: 4 passed, 4 failed, 1 skipped");
    }

    @Test
    void filesAreIndependentOfEarlierRuns() {
        CorpusFile file = CorpusFile.parse("rerun.slt", """
            statement ok
            CREATE TABLE rerun_parent (id int PRIMARY KEY)

            statement ok
            CREATE TABLE rerun_child (id int PRIMARY KEY, parent int REFERENCES rerun_parent (id))

            statement ok
            INSERT INTO rerun_parent VALUES (1)

            statement ok
            INSERT INTO rerun_child VALUES (1, 1)
            """);
        assertThat(file.createdTables()).containsExactly("rerun_parent", "rerun_child");
        assertThat(runner.run(file).ok()).isTrue();
        assertThat(runner.run(file).failures()).isEmpty();
    }

    @Test
    void filesForAnotherTargetAreSkipped() {
        CorpusFile file = CorpusFile.parse("basalt-only.slt", """
            # target: basalt-only # a self-check of the marker
            query
            SELECT 1
            ----
            2
            """);
        FileResult result = runner.run(file);
        assertThat(result.ok()).isTrue();
        assertThat(result.skipped()).isEqualTo(1);
    }
}
