package io.basalt.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.store.SqlErrors;
import io.basalt.sql.store.TestDb;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlterColumnDdlTest {
    private final TestDb db = new TestDb();

    @Test
    void setAndDropDefaultChangeWhatLaterInsertsGet() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, v int)");
        db.ddl("ALTER TABLE t ALTER COLUMN v SET DEFAULT 3 + 4");
        assertThat(db.catalog().table("t").column("v").defaultSql()).isEqualTo("3 + 4");
        db.ddl("ALTER TABLE t ALTER v DROP DEFAULT");
        assertThat(db.catalog().table("t").column("v").defaultSql()).isNull();
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ALTER COLUMN nope SET DEFAULT 1"), "42703",
            "column \"nope\" of relation \"t\" does not exist");
    }

    @Test
    void setNotNullIsCheckedAgainstTheRowsAndRolledBackWhenItFails() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, v int)");
        db.tx(tx -> {
            tx.insert("t", 1, 5);
            tx.insert("t", 2, null);
        });
        long version = db.catalog().version();
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ALTER COLUMN v SET NOT NULL"), "23502",
            "column \"v\" of relation \"t\" contains null values");
        assertThat(db.catalog().version()).isEqualTo(version);
        assertThat(db.catalog().table("t").column("v").notNull()).isFalse();
        db.tx(tx -> tx.update("t", new Object[] {2}, 2, 0));
        db.ddl("ALTER TABLE t ALTER COLUMN v SET NOT NULL");
        assertThat(db.catalog().table("t").column("v").notNull()).isTrue();
        SqlErrors.expect(() -> db.tx(tx -> tx.insert("t", 3, null)), "23502",
            "null value in column \"v\" of relation \"t\" violates not-null constraint");
        db.ddl("ALTER TABLE t ALTER COLUMN v DROP NOT NULL");
        db.tx(tx -> tx.insert("t", 3, null));
        assertThat(db.rows("t")).containsExactly(List.of(1, 5), List.of(2, 0), Arrays.asList(3, null));
    }

    @Test
    void primaryKeyAndIdentityColumnsKeepTheirRules() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, g int GENERATED ALWAYS AS IDENTITY, s serial)");
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ALTER COLUMN id DROP NOT NULL"), "42P16",
            "column \"id\" is in a primary key");
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ALTER COLUMN g DROP NOT NULL"), "42P16",
            "column \"g\" of relation \"t\" is an identity column");
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ALTER COLUMN g SET DEFAULT 1"), "42601",
            "column \"g\" of relation \"t\" is an identity column");
        db.ddl("ALTER TABLE t ALTER COLUMN s SET DEFAULT 100");
        ColumnDef s = db.catalog().table("t").column("s");
        assertThat(s.generated()).as("a serial's default is replaced").isFalse();
        assertThat(s.sequenceName()).as("its sequence stays").isEqualTo("t_s_seq");
        SqlErrors.expect(() -> db.ddl("ALTER TABLE t ALTER COLUMN s TYPE bigint"), "0A000",
            "ALTER TABLE ... ALTER COLUMN s TYPE bigint is not supported");
    }
}
