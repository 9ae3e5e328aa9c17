package io.basalt.server.sqlcorpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.server.sqlcorpus.CorpusFile.Expectation;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The corpus parser reads every record kind and rejects what would silently check nothing. */
class CorpusFileTest {
    private static final CorpusTarget POSTGRES = new CorpusTarget(CorpusTarget.POSTGRES, "jdbc:x", new Properties());
    private static final CorpusTarget BASALT = new CorpusTarget(CorpusTarget.BASALT, "jdbc:x", new Properties());

    @Test
    void parsesEveryRecordKind() {
        CorpusFile f = CorpusFile.parse("kinds.slt", """
            # a comment
            statement ok
            CREATE TABLE IF NOT EXISTS Kinds (id int)

            statement count 3
            INSERT INTO kinds
            VALUES (1), (2), (3)

            statement error 23505
            INSERT INTO kinds VALUES (1)

            statement error 42601
            CREATE TABLE never_created (

            query error 22012
            SELECT 1 / 0

            query rowsort
            SELECT id, NULL, '' FROM kinds
            ----
            2|NULL|(empty)
            1|NULL|(empty)

            query nosort
            SELECT id FROM kinds ORDER BY id
            ----
            1
            2

            query
            SELECT 1 WHERE false
            ----
            """);
        assertThat(f.records()).extracting(CorpusFile.Record::line).containsExactly(2, 5, 9, 12, 15, 18, 24, 30);
        assertThat(f.records()).extracting(CorpusFile.Record::expectation).containsExactly(
            new Expectation.Succeeds(),
            new Expectation.Counts(3),
            new Expectation.Fails("23505"),
            new Expectation.Fails("42601"),
            new Expectation.Fails("22012"),
            new Expectation.Returns(true, List.of("2|NULL|(empty)", "1|NULL|(empty)")),
            new Expectation.Returns(false, List.of("1", "2")),
            new Expectation.Returns(false, List.of()));
        assertThat(f.records().get(1).sql()).isEqualTo("INSERT INTO kinds\nVALUES (1), (2), (3)");
        assertThat(f.createdTables()).containsExactly("kinds");
    }

    @Test
    void markersSelectTargets() {
        CorpusFile f = CorpusFile.parse("markers.slt", """
            onlyif postgres # PostgreSQL-only catalog
            statement ok
            SELECT 1

            skipif basalt # not yet
            # a comment between marker and record is fine
            statement ok
            SELECT 2

            statement ok
            SELECT 3
            """);
        assertThat(f.records()).extracting(r -> r.runsOn(POSTGRES)).containsExactly(true, true, true);
        assertThat(f.records()).extracting(r -> r.runsOn(BASALT)).containsExactly(false, false, true);
        assertThat(f.records().get(0).conditions().getFirst().reason()).isEqualTo("PostgreSQL-only catalog");

        CorpusFile only = CorpusFile.parse("only.slt", "# target: postgres-only # uses pg_catalog\nstatement ok\nSELECT 1\n");
        assertThat(only.runsOn(POSTGRES)).isTrue();
        assertThat(only.runsOn(BASALT)).isFalse();
    }

    @Test
    void rejectsRecordsThatWouldCheckNothing() {
        assertRejected("statment ok\nSELECT 1\n", "x.slt:1: unknown record header");
        assertRejected("statement ok\n\n", "x.slt:1: a record needs SQL");
        assertRejected("statement error 235\nSELECT 1\n", "x.slt:1: a SQLSTATE is five");
        assertRejected("statement ok\nSELECT 1\n----\n1\n", "x.slt:1: only 'query' records");
        assertRejected("query\nSELECT 1\n", "x.slt:1: a query needs '----'");
        assertRejected("query nosort\nSELECT 1\n----\n1\n", "x.slt:1: 'query nosort' needs ORDER BY");
        assertRejected("query\nSELECT * FROM t\n----\n1\n2\n", "x.slt:1: several rows without ORDER BY");
        assertRejected("skipif basalt\nstatement ok\nSELECT 1\n", "x.slt:1: a target marker needs a reason");
        assertRejected("skipif mysql # why\nstatement ok\nSELECT 1\n", "x.slt:1: unknown target 'mysql'");
        assertRejected("statement ok\nSELECT 1\n\nskipif basalt # why\n", "x.slt:4: onlyif/skipif is not followed");
        assertRejected("statement ok\nSELECT 1\n\n# target: postgres-only # late\n", "x.slt:4: '# target:' must come once");
    }

    private static void assertRejected(String text, String message) {
        assertThatThrownBy(() -> CorpusFile.parse("x.slt", text)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(message);
    }
}
