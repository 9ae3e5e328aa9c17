package io.basalt.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.Notice;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.store.KeyBound;
import io.basalt.sql.store.SqlErrors;
import io.basalt.sql.store.TestDb;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlterTableDdlTest {
    private final TestDb db = new TestDb();

    private void twoRows() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, a text)");
        db.tx(tx -> {
            tx.insert("t", 1, "x");
            tx.insert("t", 2, "y");
        });
    }

    @Test
    void anAddedColumnShowsItsDefaultOnOldRowsWithoutRewritingThem() {
        twoRows();
        int commits = db.kv.commits();
        assertThat(db.ddl("ALTER TABLE t ADD COLUMN n int DEFAULT 5 + 2, ADD COLUMN m text").commandTag())
            .isEqualTo("ALTER TABLE");
        assertThat(db.rows("t")).containsExactly(Arrays.asList(1, "x", 7, null), Arrays.asList(2, "y", 7, null));
        db.tx(tx -> {
            tx.insert("t", 3, "z", null, "m");
            tx.update("t", new Object[] {1}, 1, "x", 8, null);
        });
        assertThat(db.rows("t")).containsExactly(Arrays.asList(1, "x", 8, null), Arrays.asList(2, "y", 7, null),
            Arrays.asList(3, "z", null, "m"));
        assertThat(db.kv.commits() - commits).as("DDL, its version counter, the inserts").isLessThan(5);
        TableDef t = db.catalog().table("t");
        assertThat(t.column("n").position()).isEqualTo(3);
        assertThat(t.column("n").defaultSql()).isEqualTo("5 + 2");
    }

    @Test
    void addColumnRulesAndSerialBackfill() {
        twoRows();
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ADD COLUMN a int"), "42701",
            "column \"a\" of relation \"t\" already exists");
        assertThat(db.ddl("ALTER TABLE t ADD COLUMN IF NOT EXISTS a int").notices()).containsExactly(
            new Notice("NOTICE", "42701", "column \"a\" of relation \"t\" already exists, skipping"));
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ADD COLUMN b int NOT NULL"), "23502",
            "column \"b\" of relation \"t\" contains null values");
        db.ddl("ALTER TABLE t ADD COLUMN b int NOT NULL DEFAULT 0");
        db.ddl("ALTER TABLE t ADD COLUMN s serial");
        assertThat(db.rows("t")).containsExactly(List.of(1, "x", 0, 1), List.of(2, "y", 0, 2));
        SqlErrors.expect(() -> db.ddl("ALTER TABLE nope ADD COLUMN c int"), "42P01", "relation \"nope\" does not exist");
        assertThat(db.ddl("ALTER TABLE IF EXISTS nope ADD COLUMN c int").notices()).extracting(Notice::message)
            .containsExactly("relation \"nope\" does not exist, skipping");
        db.ddl("ALTER TABLE t ADD COLUMN u int UNIQUE");
        assertThat(db.catalog().table("t").index("t_u_key")).isNotNull();
    }

    @Test
    void dropColumnRefusesWhileSomethingUsesIt() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, a int, b int CHECK (b > 0), c int, s serial)");
        db.ddl("CREATE INDEX ON t (a)");
        db.tx(tx -> tx.insert("t", 1, 2, 3, 4, null));
        SqlException e = SqlErrors.expect(() -> db.ddl("ALTER TABLE t DROP COLUMN a"), "2BP01",
            "cannot drop column a of table t because other objects depend on it");
        assertThat(e.detail()).isEqualTo("index t_a_idx depends on column a of table t");
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t DROP COLUMN b"), "2BP01",
            "cannot drop column b of table t because other objects depend on it");
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t DROP COLUMN id"), "2BP01",
            "cannot drop column id of table t because other objects depend on it");
        db.ddl("ALTER TABLE t DROP COLUMN c, DROP s");
        assertThat(db.rows("t")).containsExactly(List.of(1, 2, 3));
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t DROP COLUMN c"), "42703", "column \"c\" of relation \"t\" does not exist");
        assertThat(db.ddl("ALTER TABLE t DROP COLUMN IF EXISTS c").notices()).extracting(Notice::message)
            .containsExactly("column \"c\" of relation \"t\" does not exist, skipping");
        db.ddl("ALTER TABLE t ADD COLUMN c text DEFAULT 'new'");
        assertThat(db.rows("t")).as("a new column of an old name does not see the dropped one's values")
            .containsExactly(List.of(1, 2, 3, "new"));
    }

    @Test
    void addedConstraintsAreValidatedAgainstTheRows() {
        db.ddl("CREATE TABLE p (id int PRIMARY KEY)");
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, a int, pid int)");
        db.tx(tx -> {
            tx.insert("p", 1);
            tx.insert("t", 1, 5, 1);
            tx.insert("t", 2, 5, 2);
        });
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ADD CONSTRAINT ua UNIQUE (a)"), "23505",
            "could not create unique index \"ua\"");
        SqlException fk = SqlErrors.expect(() -> db.ddl("ALTER TABLE t ADD FOREIGN KEY (pid) REFERENCES p"), "23503",
            "insert or update on table \"t\" violates foreign key constraint \"t_pid_fkey\"");
        assertThat(fk.detail()).isEqualTo("Key (pid)=(2) is not present in table \"p\".");
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ADD CONSTRAINT small CHECK (pid < 2)"), "23514",
            "check constraint \"small\" of relation \"t\" is violated by some row");
        TableDef before = db.catalog().table("t");
        assertThat(before.indexes()).hasSize(1);
        assertThat(before.foreignKeys()).isEmpty();
        assertThat(before.checks()).isEmpty();

        db.tx(tx -> tx.insert("p", 2));
        db.ddl("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (pid) REFERENCES p ON DELETE CASCADE, "
            + "ADD CONSTRAINT pos CHECK (pid > 0), ADD UNIQUE (id, a)");
        TableDef after = db.catalog().table("t");
        assertThat(after.foreignKeys()).extracting(ForeignKeyDef::name).containsExactly("fk");
        assertThat(after.checks()).extracting(CheckDef::name).containsExactly("pos");
        assertThat(after.index("t_id_a_key")).isNotNull();
        try (TestDb.Tx tx = db.begin()) {
            SqlErrors.expect(() -> tx.insert("t", 3, 0, 0), "23514", "new row for relation \"t\" violates check constraint \"pos\"");
        }
    }

    @Test
    void dropConstraintByName() {
        db.ddl("CREATE TABLE p (id int PRIMARY KEY, code int UNIQUE)");
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n > 0), pid int REFERENCES p (code))");
        db.ddl("ALTER TABLE t DROP CONSTRAINT t_n_check, DROP CONSTRAINT t_pid_fkey");
        TableDef t = db.catalog().table("t");
        assertThat(t.checks()).isEmpty();
        assertThat(t.foreignKeys()).isEmpty();
        db.tx(tx -> tx.insert("t", 1, -1, 99));
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t DROP CONSTRAINT nope"), "42704",
            "constraint \"nope\" of relation \"t\" does not exist");
        assertThat(db.ddl("ALTER TABLE t DROP CONSTRAINT IF EXISTS nope").notices()).extracting(Notice::message)
            .containsExactly("constraint \"nope\" of relation \"t\" does not exist, skipping");
        db.tx(tx -> tx.insert("p", 1, -1));
        db.ddl("ALTER TABLE t ADD FOREIGN KEY (n) REFERENCES p (code)");
        SqlErrors.expect(() -> db.ddl("ALTER TABLE p DROP CONSTRAINT p_code_key"), "2BP01",
            "cannot drop constraint p_code_key on table p because other objects depend on it");
        db.ddl("ALTER TABLE p DROP CONSTRAINT p_code_key CASCADE");
        assertThat(db.catalog().table("p").indexes()).extracting(IndexDef::name).containsExactly("p_pkey");
        assertThat(db.catalog().table("t").foreignKeys()).isEmpty();
    }

    @Test
    void addPrimaryKeyRebuildsTheTableAroundTheNewKey() {
        db.ddl("CREATE TABLE t (a int, b text, c int)");
        db.ddl("CREATE INDEX ON t (c)");
        db.tx(tx -> {
            tx.insert("t", 3, "x", 30);
            tx.insert("t", 1, "y", 10);
            tx.insert("t", 2, null, 10);
        });
        TableDef before = db.catalog().table("t");
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ADD PRIMARY KEY (b)"), "23502",
            "column \"b\" of relation \"t\" contains null values");
        db.tx(tx -> tx.insert("t", 1, "z", 0));
        SqlException dup = SqlErrors.expect(() -> db.ddl("ALTER TABLE t ADD PRIMARY KEY (a)"), "23505",
            "could not create unique index \"t_pkey\"");
        assertThat(dup.detail()).isEqualTo("Key (a)=(1) is duplicated.");
        db.tx(tx -> tx.delete("t", 4L));
        db.ddl("ALTER TABLE t ADD PRIMARY KEY (a)");
        TableDef after = db.catalog().table("t");
        assertThat(after.hiddenRowId()).isNull();
        assertThat(after.primaryIndex().name()).isEqualTo("t_pkey");
        assertThat(after.primaryIndex().id()).isNotEqualTo(before.primaryIndex().id());
        assertThat(after.column("a").notNull()).isTrue();
        assertThat(db.rows("t")).containsExactly(Arrays.asList(1, "y", 10), Arrays.asList(2, null, 10),
            Arrays.asList(3, "x", 30));
        try (TestDb.Tx tx = db.begin()) {
            assertThat(tx.scan("t", "t_c_idx", new KeyBound(new Object[] {10}, true), new KeyBound(new Object[] {10}, true)))
                .containsExactly(Arrays.asList(1, "y", 10), Arrays.asList(2, null, 10));
            SqlErrors.expect(() -> tx.insert("t", 1, "w", 1), "23505",
                "duplicate key value violates unique constraint \"t_pkey\"");
            assertThat(tx.keyCount(after.id())).isEqualTo(6);
        }
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ADD PRIMARY KEY (c)"), "42P16",
            "multiple primary keys for table \"t\" are not allowed");
    }

    @Test
    void droppingThePrimaryKeyGivesTheTableARowIdAgain() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, v text)");
        db.ddl("CREATE INDEX ON t (v)");
        db.tx(tx -> {
            tx.insert("t", 1, "a");
            tx.insert("t", 2, "b");
        });
        db.ddl("ALTER TABLE t DROP CONSTRAINT t_pkey");
        TableDef t = db.catalog().table("t");
        assertThat(t.hiddenRowId()).isNotNull();
        db.tx(tx -> tx.insert("t", 1, "a"));
        assertThat(db.rows("t")).containsExactly(List.of(1, "a"), List.of(2, "b"), List.of(1, "a"));
        try (TestDb.Tx tx = db.begin()) {
            assertThat(tx.scan("t", "t_v_idx", new KeyBound(new Object[] {"a"}, true), new KeyBound(new Object[] {"a"}, true)))
                .hasSize(2);
        }
    }

    @Test
    void unsupportedActionsSaySo() {
        twoRows();
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t RENAME TO u"), "0A000", "ALTER TABLE ... RENAME TO u is not supported");
    }
}
