package io.basalt.sql.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.ExecContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvTableStoreTest {
    private final TestDb db = new TestDb();

    @Test
    void insertedRowsComeBackByKeyAndInKeyOrder() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, name text, score numeric(5,1))");
        db.tx(tx -> {
            tx.insert("t", 2, "b", new java.math.BigDecimal("2.5"));
            tx.insert("t", 1, "a", null);
            tx.insert("t", 3, "c", new java.math.BigDecimal("-1.0"));
        });
        assertThat(db.rows("t")).containsExactly(java.util.Arrays.asList(1, "a", null),
            List.of(2, "b", new java.math.BigDecimal("2.5")), List.of(3, "c", new java.math.BigDecimal("-1.0")));
        try (TestDb.Tx tx = db.begin()) {
            ExecContext ctx = tx.ctx();
            TableDef t = tx.table("t");
            assertThat(db.store.get(ctx, t, new Object[] {2}, RowLock.NONE)).containsExactly(2, "b",
                new java.math.BigDecimal("2.5"));
            assertThat(db.store.get(ctx, t, new Object[] {2L}, RowLock.UPDATE)).as("a bigint key for an int column")
                .isNotNull();
            assertThat(db.store.get(ctx, t, new Object[] {9}, RowLock.NONE)).isNull();
        }
    }

    @Test
    void rangeBoundsAreInclusiveOrExclusiveOnAKeyPrefix() {
        db.ddl("CREATE TABLE t (a int, b int, PRIMARY KEY (a, b))");
        db.tx(tx -> {
            for (int a = 1; a <= 3; a++) {
                for (int b = 1; b <= 2; b++) {
                    tx.insert("t", a, b);
                }
            }
        });
        try (TestDb.Tx tx = db.begin()) {
            assertThat(tx.scan("t", "t_pkey", new KeyBound(new Object[] {2}, true), new KeyBound(new Object[] {2}, true)))
                .containsExactly(List.of(2, 1), List.of(2, 2));
            assertThat(tx.scan("t", "t_pkey", new KeyBound(new Object[] {1}, false), null))
                .containsExactly(List.of(2, 1), List.of(2, 2), List.of(3, 1), List.of(3, 2));
            assertThat(tx.scan("t", "t_pkey", null, new KeyBound(new Object[] {2, 2}, false)))
                .containsExactly(List.of(1, 1), List.of(1, 2), List.of(2, 1));
            assertThat(tx.scan("t", "t_pkey", new KeyBound(new Object[] {1, 2}, false), new KeyBound(new Object[] {3}, false)))
                .containsExactly(List.of(2, 1), List.of(2, 2));
        }
    }

    @Test
    void scansPageThroughLargeRangesLazily() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, v int)");
        int n = KvTableStore.SCAN_PAGE_ROWS * 2 + 17;
        db.tx(tx -> {
            for (int i = 0; i < n; i++) {
                tx.insert("t", i, i % 10);
            }
        });
        assertThat(db.rows("t")).hasSize(n).first().isEqualTo(List.of(0, 0));
        db.ddl("CREATE INDEX ON t (v DESC)");
        try (TestDb.Tx tx = db.begin()) {
            List<List<Object>> nines = tx.scan("t", "t_v_idx", new KeyBound(new Object[] {9}, true),
                new KeyBound(new Object[] {9}, true));
            assertThat(nines).hasSize((n + 1) / 10).allMatch(r -> r.get(1).equals(9));
            List<List<Object>> all = tx.scan("t", "t_v_idx", null, null);
            assertThat(all).hasSize(n);
            assertThat(all.get(0).get(1)).isEqualTo(9);
            assertThat(all.get(n - 1).get(1)).isEqualTo(0);
        }
    }

    @Test
    void updateMovesTheRowAndItsIndexEntriesAndDeleteRemovesThem() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, u text UNIQUE, n int)");
        db.ddl("CREATE INDEX ON t (n)");
        int tableId = db.catalog().table("t").id();
        db.tx(tx -> {
            tx.insert("t", 1, "a", 10);
            tx.insert("t", 2, "b", 20);
            tx.update("t", new Object[] {1}, 5, "z", 20);
        });
        try (TestDb.Tx tx = db.begin()) {
            assertThat(tx.rows("t")).containsExactly(List.of(2, "b", 20), List.of(5, "z", 20));
            assertThat(tx.scan("t", "t_u_key", null, null)).containsExactly(List.of(2, "b", 20), List.of(5, "z", 20));
            assertThat(tx.scan("t", "t_n_idx", new KeyBound(new Object[] {20}, true), new KeyBound(new Object[] {20}, true)))
                .hasSize(2);
            assertThat(tx.scan("t", "t_n_idx", new KeyBound(new Object[] {10}, true), new KeyBound(new Object[] {10}, true)))
                .isEmpty();
            assertThat(tx.keyCount(tableId)).isEqualTo(6);
            tx.delete("t", 5);
            tx.delete("t", 2);
            assertThat(tx.keyCount(tableId)).isZero();
        }
    }

    @Test
    void aTableWithoutPrimaryKeyNumbersItsRowsWithAHiddenRowId() {
        db.ddl("CREATE TABLE t (a text, b int)");
        TableDef t = db.catalog().table("t");
        assertThat(t.hiddenRowId()).isNotNull();
        assertThat(t.hiddenRowId().name()).isEqualTo("rowid");
        assertThat(t.visibleColumns()).extracting(c -> c.name()).containsExactly("a", "b");
        assertThat(t.column("rowid")).isNull();
        db.tx(tx -> {
            tx.insert("t", "x", 1);
            tx.insert("t", "x", 1);
            tx.insert("t", "y", 2);
        });
        assertThat(db.rows("t")).containsExactly(List.of("x", 1), List.of("x", 1), List.of("y", 2));
        try (TestDb.Tx tx = db.begin()) {
            Iterator<Object[]> it = db.store.scan(tx.ctx(), t, t.primaryIndex(), null, null, RowLock.NONE);
            List<Object> ids = new ArrayList<>();
            it.forEachRemaining(r -> ids.add(r[t.columnIndex(t.hiddenRowId().id())]));
            assertThat(ids).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aCancelledStatementStopsItsScan() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY)");
        db.tx(tx -> tx.insert("t", 1));
        try (TestDb.Tx tx = db.begin()) {
            TableDef t = tx.table("t");
            ExecContext cancelled = new ExecContext(() -> tx.txn, tx.catalog(), List.of(), java.time.ZoneOffset.UTC,
                java.time.Instant.EPOCH, () -> true);
            SqlErrors.expect(() -> db.store.scan(cancelled, t, t.primaryIndex(), null, null, RowLock.NONE).hasNext(),
                "57014", "canceling statement due to user request");
        }
    }
}
