package io.basalt.sql.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.api.TxStatus;
import io.basalt.sql.store.MemoryKv;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SELECT ... FOR UPDATE/SHARE NOWAIT and SKIP LOCKED between two sessions on an in-memory store. */
class RowLockWaitTest {
    private final SqlEngine engine = new SqlEngine(new MemoryKv(), Clock.systemUTC());
    private final SqlSession holder = engine.open("tester", "postgres", Map.of());
    private final SqlSession other = engine.open("tester", "postgres", Map.of());

    RowLockWaitTest() {
        run(holder, "CREATE TABLE t (id int PRIMARY KEY, v text); CREATE INDEX t_v ON t (v);"
            + " INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        run(holder, "BEGIN");
        assertThat(ids(holder, "SELECT id FROM t WHERE id = 2 FOR UPDATE")).containsExactly(2);
    }

    @Test
    void nowaitFailsWithPostgresErrorAndAbortsTheTransaction() {
        run(other, "BEGIN");
        SqlException e = error(other, "SELECT id FROM t WHERE id = 2 FOR UPDATE NOWAIT");
        assertThat(e.sqlState()).isEqualTo("55P03");
        assertThat(e.getMessage()).isEqualTo("could not obtain lock on row in relation \"t\"");
        assertThat(other.status()).isEqualTo(TxStatus.FAILED);
        run(other, "ROLLBACK");

        assertThat(error(other, "SELECT id FROM t ORDER BY id FOR UPDATE NOWAIT").getMessage())
            .as("a scan that reaches the held row").isEqualTo("could not obtain lock on row in relation \"t\"");
        assertThat(ids(other, "SELECT id FROM t WHERE id = 3 FOR UPDATE NOWAIT")).as("a free row").containsExactly(3);
    }

    @Test
    void skipLockedLeavesOutTheHeldRows() {
        assertThat(ids(other, "SELECT id FROM t ORDER BY id FOR UPDATE SKIP LOCKED")).containsExactly(1, 3);
        assertThat(ids(other, "SELECT id FROM t WHERE v >= 'a' ORDER BY v FOR SHARE SKIP LOCKED"))
            .as("through a secondary index").containsExactly(1, 3);
        assertThat(ids(other, "SELECT id FROM t WHERE id = 2 FOR UPDATE SKIP LOCKED")).isEmpty();
        assertThat(ids(other, "SELECT id FROM t ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")).containsExactly(1);

        run(holder, "UPDATE t SET v = 'z' WHERE id = 3");
        assertThat(ids(other, "SELECT id FROM t ORDER BY id FOR UPDATE SKIP LOCKED")).as("a row written is held too")
            .containsExactly(1);
        run(holder, "COMMIT");
        assertThat(ids(other, "SELECT id FROM t ORDER BY id FOR UPDATE SKIP LOCKED")).containsExactly(1, 2, 3);
    }

    private static List<Result> run(SqlSession s, String sql) {
        List<Result> out = new ArrayList<>();
        s.simpleQuery(sql, out::add);
        return out;
    }

    private static List<Object> ids(SqlSession s, String sql) {
        List<Result> rs = run(s, sql);
        return rs.get(rs.size() - 1).rows().stream().map(row -> row[0]).toList();
    }

    private static SqlException error(SqlSession s, String sql) {
        try {
            run(s, sql);
        } catch (SqlException e) {
            return e;
        }
        throw new AssertionError("no error from: " + sql);
    }
}
