package io.basalt.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.store.SqlErrors;
import io.basalt.sql.store.TestDb;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SequencesTest {
    private final TestDb db = new TestDb();

    @Test
    void valuesStartAtOneAndSurviveARollback() {
        db.ddl("CREATE TABLE t (id serial PRIMARY KEY, v text)");
        try (TestDb.Tx tx = db.begin()) {
            tx.insert("t", null, "lost");
            tx.abort();
        }
        db.tx(tx -> {
            tx.insert("t", null, "a");
            tx.insert("t", null, "b");
        });
        assertThat(db.rows("t")).containsExactly(List.of(2, "a"), List.of(3, "b"));
        try (TestDb.Tx tx = db.begin()) {
            assertThat(db.sequences.next(tx.ctx(), "t_id_seq")).isEqualTo(4);
            SqlErrors.expect(() -> db.sequences.next(tx.ctx(), "nope"), "42P01", "relation \"nope\" does not exist");
        }
    }

    @Test
    void hiddenRowIdsComeInBlocksThatTwoNodesNeverShare() {
        db.ddl("CREATE TABLE t (v text)");
        TableDef t = db.catalog().table("t");
        ColumnDef rowId = t.hiddenRowId();
        Sequences other = new Sequences(db.kv);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < Sequences.ROW_ID_BLOCK * 2 + 10; i++) {
            assertThat(seen.add(db.sequences.next(t, rowId))).isTrue();
            assertThat(seen.add(other.next(t, rowId))).isTrue();
        }
        assertThat(db.sequences.next(t, rowId)).as("11th value of the first node's third block, after the second node's second")
            .isEqualTo(4L * Sequences.ROW_ID_BLOCK + 11);
    }

    @Test
    void anIncrementThatLosesAConflictIsRetried() {
        db.ddl("CREATE TABLE t (id bigserial PRIMARY KEY)");
        TableDef t = db.catalog().table("t");
        db.kv.failNextCommits(Sequences.ATTEMPTS_MAX - 1, "40001");
        assertThat(db.sequences.next(t, t.column("id"))).isEqualTo(1);
        db.kv.failNextCommits(Sequences.ATTEMPTS_MAX, "40P01");
        SqlErrors.expect(() -> db.sequences.next(t, t.column("id")), "40P01", "injected commit failure");
        db.kv.failNextCommits(1, "54000");
        SqlErrors.expect(() -> db.sequences.next(t, t.column("id")), "54000", "injected commit failure");
        assertThat(db.sequences.next(t, t.column("id"))).isEqualTo(2);
    }

    @Test
    void aSequenceStopsAtItsColumnTypesMaximum() {
        db.ddl("CREATE TABLE t (id smallserial PRIMARY KEY)");
        TableDef t = db.catalog().table("t");
        db.sequences.setLastValue(t, t.column("id"), Short.MAX_VALUE - 1);
        assertThat(db.sequences.next(t, t.column("id"))).isEqualTo(Short.MAX_VALUE);
        SqlErrors.expect(() -> db.sequences.next(t, t.column("id")), "2200H",
            "nextval: reached maximum value of sequence \"t_id_seq\" (32767)");
    }

    @Test
    void droppingATableForgetsItsSequence() {
        db.ddl("CREATE TABLE t (id serial PRIMARY KEY)");
        db.tx(tx -> tx.insert("t", (Object) null));
        TableDef old = db.catalog().table("t");
        byte[] key = Sequences.key(old.id(), old.column("id").id());
        assertThat(db.kv.keys(key)).hasSize(1);
        db.ddl("DROP TABLE t");
        assertThat(db.kv.keys(key)).isEmpty();
        db.ddl("CREATE TABLE t (id serial PRIMARY KEY)");
        db.tx(tx -> tx.insert("t", (Object) null));
        assertThat(db.rows("t")).containsExactly(List.of(1));
    }

    @Test
    void hiddenRowIdsComeInBlocksSoABulkInsertCommitsOncePerBlock() {
        db.ddl("CREATE TABLE h (v int)");
        TableDef t = db.catalog().table("h");
        int before = db.kv.commits();
        db.tx(tx -> {
            for (int i = 0; i < 2 * Sequences.ROW_ID_BLOCK + 1; i++) {
                tx.insert("h", i);
            }
        });
        assertThat(db.kv.commits() - before).as("three blocks and the inserting transaction").isEqualTo(4);
        assertThat(db.rows("h")).hasSize(2 * Sequences.ROW_ID_BLOCK + 1);
        // Another node takes its own block: the ids of both never meet.
        Sequences otherNode = new Sequences(db.kv);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            assertThat(ids.add(db.sequences.next(t, t.hiddenRowId()))).isTrue();
            assertThat(ids.add(otherNode.next(t, t.hiddenRowId()))).isTrue();
        }
        assertThat(ids).allMatch(id -> id > 2 * Sequences.ROW_ID_BLOCK + 1);
    }
}
