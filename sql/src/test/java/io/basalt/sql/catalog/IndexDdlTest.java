package io.basalt.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.Notice;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.store.KeyBound;
import io.basalt.sql.store.SqlErrors;
import io.basalt.sql.store.SqlKeys;
import io.basalt.sql.store.TestDb;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexDdlTest {
    private final TestDb db = new TestDb();

    @Test
    void anIndexIsBuiltFromTheExistingRowsInItsOrder() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, a int, b text)");
        db.tx(tx -> {
            tx.insert("t", 1, 5, "x");
            tx.insert("t", 2, null, "y");
            tx.insert("t", 3, 7, "x");
        });
        assertThat(db.ddl("CREATE INDEX ON t (a DESC, b)").commandTag()).isEqualTo("CREATE INDEX");
        TableDef t = db.catalog().table("t");
        IndexDef ix = t.index("t_a_b_idx");
        assertThat(ix.unique()).isFalse();
        assertThat(ix.constraint()).isFalse();
        assertThat(ix.descending()).containsExactly(true, false);
        try (TestDb.Tx tx = db.begin()) {
            assertThat(tx.scan("t", "t_a_b_idx", null, null)).containsExactly(Arrays.asList(2, null, "y"),
                List.of(3, 7, "x"), List.of(1, 5, "x"));
            assertThat(tx.scan("t", "t_a_b_idx", new KeyBound(new Object[] {7}, false), null))
                .containsExactly(List.of(1, 5, "x"));
        }
        db.ddl("CREATE INDEX ON t (a)");
        assertThat(db.catalog().table("t").index("t_a_idx")).isNotNull();
        db.ddl("CREATE INDEX ON t (a)");
        assertThat(db.catalog().table("t").index("t_a_idx1")).isNotNull();
    }

    @Test
    void aUniqueIndexOverDuplicatesFailsAndLeavesNothing() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, a int)");
        db.tx(tx -> {
            tx.insert("t", 1, 5);
            tx.insert("t", 2, null);
            tx.insert("t", 3, null);
            tx.insert("t", 4, 5);
        });
        int tableId = db.catalog().table("t").id();
        SqlException e = SqlErrors.expect(() -> db.ddl("CREATE UNIQUE INDEX u ON t (a)"), "23505",
            "could not create unique index \"u\"");
        assertThat(e.detail()).isEqualTo("Key (a)=(5) is duplicated.");
        assertThat(db.catalog().table("t").index("u")).isNull();
        assertThat(db.kv.keys(SqlKeys.tablePrefix(tableId))).hasSize(4);
        db.tx(tx -> tx.delete("t", 4));
        db.ddl("CREATE UNIQUE INDEX u ON t (a)");
        try (TestDb.Tx tx = db.begin()) {
            SqlErrors.expect(() -> tx.insert("t", 9, 5), "23505", "duplicate key value violates unique constraint \"u\"");
            tx.insert("t", 9, null);
        }
    }

    @Test
    void namesAndColumnsAreChecked() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, a int)");
        db.ddl("CREATE INDEX ix ON t (a)");
        SqlErrors.expect(() -> db.ddl("CREATE INDEX ix ON t (id)"), "42P07", "relation \"ix\" already exists");
        SqlErrors.expect(() -> db.ddl("CREATE INDEX t ON t (id)"), "42P07", "relation \"t\" already exists");
        assertThat(db.ddl("CREATE INDEX IF NOT EXISTS ix ON t (id)").notices()).containsExactly(
            new Notice("NOTICE", "42P07", "relation \"ix\" already exists, skipping"));
        SqlErrors.expect(() -> db.ddl("CREATE INDEX ON nope (a)"), "42P01", "relation \"nope\" does not exist");
        SqlErrors.expect(() -> db.ddl("CREATE INDEX ON t (b)"), "42703", "column \"b\" does not exist");
        SqlErrors.expect(() -> db.ddl("CREATE INDEX ON t (lower(a))"), "0A000", "indexes on expressions are not supported");
        SqlErrors.expect(() -> db.ddl("CREATE INDEX ON t (a) WHERE a > 0"), "0A000", "partial indexes are not supported");
        SqlErrors.expect(() -> db.ddl("CREATE INDEX ON t (a NULLS FIRST)"), "0A000",
            "NULLS FIRST with ASC is not supported: NULLs sort after values ascending and before them descending");
        db.ddl("CREATE INDEX \"Mixed\" ON t USING btree (a DESC NULLS FIRST)");
        assertThat(db.catalog().table("t").index("Mixed")).isNotNull();
    }
}
