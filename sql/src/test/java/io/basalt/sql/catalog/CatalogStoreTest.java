package io.basalt.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.kv.client.KvTxn;
import io.basalt.sql.store.TestDb;
import io.basalt.sql.types.SqlType;
import io.basalt.txn.Isolation;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogStoreTest {
    private final TestDb db = new TestDb();

    @Test
    void anEmptyStoreHasTheEmptyCatalog() {
        Catalog c = db.catalog();
        assertThat(c.version()).isZero();
        assertThat(c.tables()).isEmpty();
        assertThat(db.catalogs.latest()).isSameAs(CatalogSnapshot.EMPTY);
    }

    @Test
    void tableDefinitionsSurviveTheRoundTripThroughTheStore() {
        db.ddl("CREATE TABLE p (id bigint PRIMARY KEY, code varchar(8) UNIQUE)");
        db.ddl("CREATE TABLE t (id serial PRIMARY KEY, name text NOT NULL DEFAULT 'x', amount numeric(10,2) "
            + "CHECK (amount > 0), pid bigint REFERENCES p ON DELETE CASCADE, at timestamptz, c char(3))");
        db.ddl("CREATE INDEX t_name ON t (name DESC, amount)");
        db.ddl("ALTER TABLE t ADD COLUMN flag boolean DEFAULT true");
        TableDef t = db.catalog().table("t");
        assertThat(CatalogCodec.decode(CatalogCodec.encode(t))).isEqualTo(t);

        CatalogStore fresh = new CatalogStore(db.kv);
        try (KvTxn txn = db.kv.begin(true, Isolation.SERIALIZABLE)) {
            TableDef loaded = fresh.load(txn).table("t");
            assertThat(loaded).isEqualTo(t);
            assertThat(loaded.column("amount").type()).isEqualTo(SqlType.numeric(10, 2));
            assertThat(loaded.column("c").type()).isEqualTo(SqlType.bpchar(3));
            assertThat(loaded.column("flag").missingValue()).isEqualTo(true);
            assertThat(loaded.column("id").identity()).isEqualTo(ColumnDef.Identity.SERIAL);
            assertThat(loaded.column("id").sequenceName()).isEqualTo("t_id_seq");
            assertThat(loaded.index("t_name").descending()).containsExactly(true, false);
            assertThat(loaded.foreignKeys()).singleElement().satisfies(fk -> {
                assertThat(fk.name()).isEqualTo("t_pid_fkey");
                assertThat(fk.onDelete()).isEqualTo(ForeignKeyDef.Action.CASCADE);
                assertThat(fk.onUpdate()).isEqualTo(ForeignKeyDef.Action.NO_ACTION);
            });
            assertThat(loaded.checks()).containsExactly(new CheckDef("t_amount_check", "amount > 0"));
        }
    }

    @Test
    void aLoadAtAnUnchangedVersionIsServedFromTheCache() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY)");
        Catalog first = db.catalog();
        Catalog second = db.catalog();
        assertThat(second).isSameAs(first);
        assertThat(db.catalogs.latest()).isSameAs(first);
        db.ddl("CREATE TABLE u (id int PRIMARY KEY)");
        Catalog third = db.catalog();
        assertThat(third.version()).isGreaterThan(first.version());
        assertThat(third.tables()).extracting(TableDef::name).containsExactly("t", "u");
        assertThat(db.catalogs.latest()).isSameAs(third);
    }

    @Test
    void rolledBackDdlLeavesNoTableAndItsVersionIsNeverReused() {
        db.ddl("CREATE TABLE keep (id int PRIMARY KEY)");
        long before = db.catalog().version();
        long aborted;
        try (TestDb.Tx tx = db.begin()) {
            tx.ddl("CREATE TABLE gone (id int PRIMARY KEY)");
            tx.insert("gone", 1);
            Catalog inside = tx.catalog();
            assertThat(inside.table("gone")).isNotNull();
            aborted = inside.version();
            assertThat(db.catalogs.latest().table("gone")).as("not committed, not the node's latest").isNull();
            tx.abort();
        }
        Catalog after = db.catalog();
        assertThat(after.version()).isEqualTo(before);
        assertThat(after.table("gone")).isNull();
        db.ddl("CREATE TABLE other (id int PRIMARY KEY)");
        Catalog next = db.catalog();
        assertThat(next.version()).isNotEqualTo(aborted).isGreaterThan(before);
        assertThat(next.table("gone")).isNull();
        assertThat(next.table("other")).isNotNull();
    }

    @Test
    void aTransactionSeesItsOwnDdlAtOnce() {
        try (TestDb.Tx tx = db.begin()) {
            tx.ddl("CREATE TABLE t (id int PRIMARY KEY, v text)");
            tx.insert("t", 1, "a");
            tx.ddl("CREATE INDEX ON t (v)");
            tx.insert("t", 2, "b");
            assertThat(tx.scan("t", "t_v_idx", null, null)).containsExactly(List.of(1, "a"), List.of(2, "b"));
            tx.commit();
        }
        assertThat(db.rows("t")).hasSize(2);
    }
}
