package io.basalt.sql.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.SqlException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstraintTest {
    private final TestDb db = new TestDb();

    private int keys(TestDb.Tx tx, String table) {
        return tx.keyCount(tx.table(table).id());
    }

    @Test
    void notNullNamesTheColumnAndShowsTheRow() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, n int)");
        try (TestDb.Tx tx = db.begin()) {
            SqlException e = SqlErrors.expect(() -> tx.insert("t", 1, null, 5), "23502",
                "null value in column \"name\" of relation \"t\" violates not-null constraint");
            assertThat(e.detail()).isEqualTo("Failing row contains (1, null, 5).");
            assertThat(keys(tx, "t")).isZero();
        }
    }

    @Test
    void checkFailsOnFalseAndPassesOnNull() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n > 0), m int, CHECK (m < n))");
        try (TestDb.Tx tx = db.begin()) {
            SqlException e = SqlErrors.expect(() -> tx.insert("t", 1, 0, null), "23514",
                "new row for relation \"t\" violates check constraint \"t_n_check\"");
            assertThat(e.detail()).isEqualTo("Failing row contains (1, 0, null).");
            SqlErrors.expect(() -> tx.insert("t", 1, 5, 7), "23514",
                "new row for relation \"t\" violates check constraint \"t_check\"");
            tx.insert("t", 2, null, null);
            tx.insert("t", 3, 5, 4);
            assertThat(tx.rows("t")).hasSize(2);
            SqlErrors.expect(() -> tx.update("t", new Object[] {3}, 3, -1, null), "23514",
                "new row for relation \"t\" violates check constraint \"t_n_check\"");
            SqlErrors.expect(() -> tx.update("t", new Object[] {3}, 3, -1, 4), "23514",
                "new row for relation \"t\" violates check constraint \"t_check\"");
        }
    }

    @Test
    void checksAreCompiledOncePerTableVersion() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n > 0))");
        int afterDdl = db.compiler.compilations();
        db.tx(tx -> {
            for (int i = 1; i <= 50; i++) {
                tx.insert("t", i, i);
            }
        });
        assertThat(db.compiler.compilations() - afterDdl).isEqualTo(1);
    }

    @Test
    void duplicateKeysNameTheConstraintAndLeaveNothingBehind() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE, n int)");
        db.ddl("CREATE INDEX ON t (n)");
        try (TestDb.Tx tx = db.begin()) {
            tx.insert("t", 1, "a@x", 1);
            int before = keys(tx, "t");
            SqlException pk = SqlErrors.expect(() -> tx.insert("t", 1, "b@x", 2), "23505",
                "duplicate key value violates unique constraint \"t_pkey\"");
            assertThat(pk.detail()).isEqualTo("Key (id)=(1) already exists.");
            SqlException uq = SqlErrors.expect(() -> tx.insert("t", 2, "a@x", 2), "23505",
                "duplicate key value violates unique constraint \"t_email_key\"");
            assertThat(uq.detail()).isEqualTo("Key (email)=(a@x) already exists.");
            assertThat(keys(tx, "t")).isEqualTo(before);
            tx.insert("t", 2, "b@x", 2);
            SqlErrors.expect(() -> tx.update("t", new Object[] {2}, 2, "a@x", 2), "23505",
                "duplicate key value violates unique constraint \"t_email_key\"");
            tx.update("t", new Object[] {2}, 2, "b@x", 3);
            assertThat(tx.rows("t")).containsExactly(List.of(1, "a@x", 1), List.of(2, "b@x", 3));
        }
    }

    @Test
    void nullsAreDistinctInUniqueIndexes() {
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, a int, b int, UNIQUE (a, b))");
        db.tx(tx -> {
            tx.insert("t", 1, 1, null);
            tx.insert("t", 2, 1, null);
            tx.insert("t", 3, 1, 2);
        });
        try (TestDb.Tx tx = db.begin()) {
            SqlErrors.expect(() -> tx.insert("t", 4, 1, 2), "23505",
                "duplicate key value violates unique constraint \"t_a_b_key\"");
            assertThat(tx.scan("t", "t_a_b_key", new KeyBound(new Object[] {1}, true), new KeyBound(new Object[] {1}, true)))
                .containsExactly(List.of(3, 1, 2), Arrays.asList(1, 1, null), Arrays.asList(2, 1, null));
        }
    }

    @Test
    void foreignKeysNeedTheReferencedRow() {
        db.ddl("CREATE TABLE p (id bigint PRIMARY KEY)");
        db.ddl("CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p)");
        db.tx(tx -> tx.insert("p", 1L));
        try (TestDb.Tx tx = db.begin()) {
            tx.insert("c", 1, 1);
            tx.insert("c", 2, null);
            SqlException e = SqlErrors.expect(() -> tx.insert("c", 3, 5), "23503",
                "insert or update on table \"c\" violates foreign key constraint \"c_pid_fkey\"");
            assertThat(e.detail()).isEqualTo("Key (pid)=(5) is not present in table \"p\".");
            SqlErrors.expect(() -> tx.update("c", new Object[] {1}, 1, 7), "23503",
                "insert or update on table \"c\" violates foreign key constraint \"c_pid_fkey\"");
            assertThat(tx.rows("c")).containsExactly(List.of(1, 1), Arrays.asList(2, null));
            SqlException d = SqlErrors.expect(() -> tx.delete("p", 1L), "23503",
                "update or delete on table \"p\" violates foreign key constraint \"c_pid_fkey\" on table \"c\"");
            assertThat(d.detail()).isEqualTo("Key (id)=(1) is still referenced from table \"c\".");
            assertThat(tx.rows("p")).hasSize(1);
        }
    }

    @Test
    void aRowMayReferenceItself() {
        db.ddl("CREATE TABLE node (id int PRIMARY KEY, parent int REFERENCES node (id) ON DELETE CASCADE)");
        db.tx(tx -> {
            tx.insert("node", 1, 1);
            tx.insert("node", 2, 1);
            tx.insert("node", 3, 2);
            tx.insert("node", 4, null);
        });
        db.tx(tx -> tx.delete("node", 1));
        assertThat(db.rows("node")).containsExactly(Arrays.asList(4, null));
    }

    @Test
    void cascadesDeleteAndUpdateAcrossLevels() {
        db.ddl("CREATE TABLE a (id int PRIMARY KEY)");
        db.ddl("CREATE TABLE b (id int PRIMARY KEY, aid int REFERENCES a ON DELETE CASCADE ON UPDATE CASCADE)");
        db.ddl("CREATE TABLE c (id int PRIMARY KEY, bid int REFERENCES b ON DELETE CASCADE)");
        db.ddl("CREATE INDEX ON c (bid)");
        db.tx(tx -> {
            tx.insert("a", 1);
            tx.insert("a", 2);
            tx.insert("b", 10, 1);
            tx.insert("b", 11, 1);
            tx.insert("b", 20, 2);
            tx.insert("c", 100, 10);
            tx.insert("c", 101, 11);
            tx.insert("c", 200, 20);
        });
        db.tx(tx -> tx.update("a", new Object[] {2}, 3));
        assertThat(db.rows("b")).containsExactly(List.of(10, 1), List.of(11, 1), List.of(20, 3));
        db.tx(tx -> tx.delete("a", 1));
        assertThat(db.rows("b")).containsExactly(List.of(20, 3));
        assertThat(db.rows("c")).containsExactly(List.of(200, 20));
    }

    @Test
    void setNullAndSetDefaultRewriteTheReferencingRows() {
        db.ddl("CREATE TABLE p (id int PRIMARY KEY)");
        db.ddl("CREATE TABLE n (id int PRIMARY KEY, pid int REFERENCES p ON DELETE SET NULL)");
        db.ddl("CREATE TABLE d (id int PRIMARY KEY, pid int DEFAULT 0 REFERENCES p ON DELETE SET DEFAULT)");
        db.tx(tx -> {
            tx.insert("p", 0);
            tx.insert("p", 1);
            tx.insert("n", 1, 1);
            tx.insert("d", 1, 1);
        });
        db.tx(tx -> tx.delete("p", 1));
        assertThat(db.rows("n")).containsExactly(Arrays.asList(1, null));
        assertThat(db.rows("d")).containsExactly(List.of(1, 0));
        try (TestDb.Tx tx = db.begin()) {
            SqlErrors.expect(() -> tx.delete("p", 0), "23503",
                "update or delete on table \"p\" violates foreign key constraint \"d_pid_fkey\" on table \"d\"");
        }
    }

    @Test
    void restrictChecksOnlyWhenTheReferencedKeyChanges() {
        db.ddl("CREATE TABLE p (id int PRIMARY KEY, note text)");
        db.ddl("CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p ON UPDATE RESTRICT)");
        db.tx(tx -> {
            tx.insert("p", 1, "x");
            tx.insert("c", 1, 1);
        });
        db.tx(tx -> tx.update("p", new Object[] {1}, 1, "y"));
        try (TestDb.Tx tx = db.begin()) {
            SqlErrors.expect(() -> tx.update("p", new Object[] {1}, 2, "y"), "23503",
                "update or delete on table \"p\" violates foreign key constraint \"c_pid_fkey\" on table \"c\"");
        }
    }

    @Test
    void aRowThatFailsAnyConstraintLeavesNoRowAndNoIndexEntry() {
        db.ddl("CREATE TABLE p (id int PRIMARY KEY)");
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, u int UNIQUE, n int NOT NULL CHECK (n > 0), pid int REFERENCES p)");
        db.ddl("CREATE INDEX ON t (n)");
        try (TestDb.Tx tx = db.begin()) {
            tx.insert("p", 1);
            tx.insert("t", 1, 1, 1, 1);
            int before = keys(tx, "t");
            String[] states = new String[4];
            Object[][] rows = {{2, 2, null, 1}, {2, 2, 0, 1}, {2, 1, 5, 1}, {2, 2, 5, 9}};
            for (int i = 0; i < rows.length; i++) {
                Object[] row = rows[i];
                try {
                    tx.insert("t", row);
                } catch (SqlException e) {
                    states[i] = e.sqlState();
                }
                assertThat(keys(tx, "t")).as("after %s", Arrays.toString(row)).isEqualTo(before);
            }
            assertThat(states).containsExactly("23502", "23514", "23505", "23503");
            SqlErrors.expect(() -> tx.update("t", new Object[] {1}, 1, 1, 1, 9), "23503",
                "insert or update on table \"t\" violates foreign key constraint \"t_pid_fkey\"");
            assertThat(tx.rows("t")).containsExactly(List.of(1, 1, 1, 1));
        }
    }
}
