package io.basalt.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.Notice;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.store.SqlErrors;
import io.basalt.sql.store.SqlKeys;
import io.basalt.sql.store.TestDb;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropDdlTest {
    private final TestDb db = new TestDb();

    @Test
    void dropTableDeletesEveryKeyOfTheTable() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, u text UNIQUE, n int)");
        db.ddl("CREATE INDEX ON t (n)");
        db.ddl("CREATE TABLE keep (id int PRIMARY KEY)");
        int id = db.catalog().table("t").id();
        db.tx(tx -> {
            for (int i = 0; i < 2500; i++) {
                tx.insert("t", i, "u" + i, i % 7);
            }
            tx.insert("keep", 1);
        });
        assertThat(db.kv.keys(SqlKeys.tablePrefix(id))).hasSize(7500);
        Result r = db.ddl("DROP TABLE t");
        assertThat(r.commandTag()).isEqualTo("DROP TABLE");
        assertThat(db.kv.keys(SqlKeys.tablePrefix(id))).isEmpty();
        assertThat(db.catalog().table("t")).isNull();
        assertThat(db.catalog().tableOfIndex("t_u_key")).isNull();
        assertThat(db.rows("keep")).hasSize(1);
        db.ddl("CREATE TABLE t (id int PRIMARY KEY)");
        assertThat(db.rows("t")).isEmpty();
    }

    @Test
    void missingTablesAreErrorsOrNotices() {
        db.ddl("CREATE TABLE a (id int PRIMARY KEY)");
        SqlErrors.expect(() -> db.ddl("DROP TABLE a, nope"), "42P01", "table \"nope\" does not exist");
        assertThat(db.catalog().table("a")).as("the statement failed as a whole").isNotNull();
        Result r = db.ddl("DROP TABLE IF EXISTS nope, a");
        assertThat(r.notices()).containsExactly(new Notice("NOTICE", "00000", "table \"nope\" does not exist, skipping"));
        assertThat(db.catalog().tables()).isEmpty();
    }

    @Test
    void aReferencedTableIsDroppedOnlyWithCascadeOrWithItsReferrers() {
        db.ddl("CREATE TABLE p (id int PRIMARY KEY)");
        db.ddl("CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p)");
        db.tx(tx -> {
            tx.insert("p", 1);
            tx.insert("c", 1, 1);
        });
        SqlException e = SqlErrors.expect(() -> db.ddl("DROP TABLE p"), "2BP01",
            "cannot drop table p because other objects depend on it");
        assertThat(e.detail()).isEqualTo("constraint c_pid_fkey on table c depends on table p");
        assertThat(e.hint()).isEqualTo("Use DROP ... CASCADE to drop the dependent objects too.");

        Result r = db.ddl("DROP TABLE p CASCADE");
        assertThat(r.notices()).extracting(Notice::message).containsExactly("drop cascades to constraint c_pid_fkey on table c");
        assertThat(db.catalog().table("c").foreignKeys()).isEmpty();
        assertThat(db.rows("c")).containsExactly(List.of(1, 1));

        db.ddl("CREATE TABLE p (id int PRIMARY KEY)");
        db.ddl("CREATE TABLE c2 (id int PRIMARY KEY, pid int REFERENCES p)");
        db.ddl("DROP TABLE c2, p");
        assertThat(db.catalog().tables()).extracting(TableDef::name).containsExactly("c");
    }

    @Test
    void dropIndexRemovesItsEntries() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, n int UNIQUE)");
        db.ddl("CREATE INDEX ix ON t (n)");
        TableDef t = db.catalog().table("t");
        db.tx(tx -> tx.insert("t", 1, 1));
        assertThat(db.kv.keys(SqlKeys.indexPrefix(t.id(), t.index("ix").id()))).hasSize(1);
        assertThat(db.ddl("DROP INDEX ix").commandTag()).isEqualTo("DROP INDEX");
        assertThat(db.kv.keys(SqlKeys.indexPrefix(t.id(), t.index("ix").id()))).isEmpty();
        assertThat(db.catalog().table("t").index("ix")).isNull();

        SqlErrors.expect(() -> db.ddl("DROP INDEX ix"), "42704", "index \"ix\" does not exist");
        assertThat(db.ddl("DROP INDEX IF EXISTS ix").notices()).extracting(Notice::message)
            .containsExactly("index \"ix\" does not exist, skipping");
        SqlErrors.expect(() -> db.ddl("DROP INDEX t"), "42809", "\"t\" is not an index");
        SqlException e = SqlErrors.expect(() -> db.ddl("DROP INDEX t_n_key"), "2BP01",
            "cannot drop index t_n_key because constraint t_n_key on table t requires it");
        assertThat(e.hint()).isEqualTo("You can drop constraint t_n_key on table t instead.");
        SqlErrors.expect(() -> db.ddl("DROP VIEW v"), "0A000", "DROP VIEW is not supported");
    }

    @Test
    void aUniqueIndexAForeignKeyUsesNeedsCascade() {
        db.ddl("CREATE TABLE p (id int PRIMARY KEY, code int)");
        db.ddl("CREATE UNIQUE INDEX p_code ON p (code)");
        db.ddl("CREATE TABLE c (code int REFERENCES p (code))");
        SqlErrors.expect(() -> db.ddl("DROP INDEX p_code"), "2BP01", "cannot drop index p_code because other objects depend on it");
        db.ddl("DROP INDEX p_code CASCADE");
        assertThat(db.catalog().table("c").foreignKeys()).isEmpty();
    }
}
