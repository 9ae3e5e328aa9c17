package io.basalt.sql.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.api.TxStatus;
import io.basalt.sql.store.MemoryKv;
import io.basalt.sql.types.SqlType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session's transaction state machine, settings and prepared statements, on an in-memory store. */
class SessionTest {
    private final SqlEngine engine = new SqlEngine(new MemoryKv(),
        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    private final SqlSession s = engine.open("tester", "postgres", Map.of());

    private List<Result> run(String sql) {
        List<Result> out = new ArrayList<>();
        s.simpleQuery(sql, out::add);
        return out;
    }

    private List<String> rows(String sql) {
        List<Result> rs = run(sql);
        Result r = rs.get(rs.size() - 1);
        return r.rows().stream().map(row -> String.join("|", Arrays.stream(row).map(String::valueOf).toList())).toList();
    }

    private SqlException error(String sql) {
        try {
            run(sql);
        } catch (SqlException e) {
            return e;
        }
        throw new AssertionError("no error from: " + sql);
    }

    @Test
    void aQueryStringRunsEveryStatementAndReportsEachTag() {
        List<Result> rs = run("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'a'), (2, 'b');"
            + " SELECT v FROM t ORDER BY id");
        assertThat(rs).extracting(Result::commandTag).containsExactly("CREATE TABLE", "INSERT 0 2", "SELECT 2");
        assertThat(rs.get(2).columns()).extracting(c -> c.name() + ":" + c.type()).containsExactly("v:text");
        assertThat(run("")).extracting(Result::commandTag).containsExactly((String) null);
    }

    @Test
    void aQueryStringIsOneImplicitTransaction() {
        run("CREATE TABLE t (id int PRIMARY KEY)");
        run("INSERT INTO t VALUES (1)");
        SqlException e = error("INSERT INTO t VALUES (2); INSERT INTO t VALUES (1)");
        assertThat(e.sqlState()).isEqualTo("23505");
        assertThat(s.status()).isEqualTo(TxStatus.IDLE);
        assertThat(rows("SELECT id FROM t")).as("the first insert of the failed string was rolled back").containsExactly("1");
    }

    @Test
    void anErrorInsideBeginFailsTheBlockUntilRollback() {
        run("CREATE TABLE t (id int PRIMARY KEY)");
        run("BEGIN");
        assertThat(s.status()).isEqualTo(TxStatus.IN_TRANSACTION);
        run("INSERT INTO t VALUES (1)");
        assertThat(error("INSERT INTO t VALUES (1)").sqlState()).isEqualTo("23505");
        assertThat(s.status()).isEqualTo(TxStatus.FAILED);
        assertThat(error("SELECT 1").sqlState()).isEqualTo("25P02");
        assertThat(run("COMMIT")).extracting(Result::commandTag).containsExactly("ROLLBACK");
        assertThat(s.status()).isEqualTo(TxStatus.IDLE);
        assertThat(rows("SELECT count(*) FROM t")).containsExactly("0");
    }

    @Test
    void readOnlyTransactionsRefuseWritesWith25006() {
        run("CREATE TABLE t (id int PRIMARY KEY)");
        run("BEGIN READ ONLY");
        SqlException e = error("INSERT INTO t VALUES (1)");
        assertThat(e.sqlState()).isEqualTo("25006");
        assertThat(e.getMessage()).isEqualTo("cannot execute INSERT in a read-only transaction");
        run("ROLLBACK");
        run("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        assertThat(error("INSERT INTO t VALUES (1)").sqlState()).isEqualTo("25006");
    }

    @Test
    void settingsAreShownAndReportedAndUnknownOnesRefused() {
        Result set = run("SET TimeZone TO 'Europe/Berlin'").get(0);
        assertThat(set.parameterChanges()).containsEntry("TimeZone", "Europe/Berlin");
        assertThat(rows("SHOW timezone")).containsExactly("Europe/Berlin");
        assertThat(s.setting("timezone")).isEqualTo("Europe/Berlin");
        assertThat(rows("SHOW transaction_isolation")).containsExactly("serializable");
        assertThat(error("SET no_such_setting = 1").sqlState()).isEqualTo("42704");
        assertThat(error("SET TimeZone = 'Mars/Olympus'").sqlState()).isEqualTo("22023");
        assertThat(run("COMMIT").get(0).notices()).extracting(n -> n.sqlState()).containsExactly("25P01");
    }

    @Test
    void setLocalLastsUntilTheTransactionEnds() {
        run("BEGIN");
        run("SET LOCAL TimeZone TO 'Europe/Berlin'");
        assertThat(rows("SHOW timezone")).containsExactly("Europe/Berlin");
        run("COMMIT");
        assertThat(rows("SHOW timezone")).containsExactly("UTC");
        run("SET TimeZone TO 'Asia/Tokyo'");
        assertThat(rows("SHOW timezone")).as("a plain SET outlives its implicit transaction").containsExactly("Asia/Tokyo");
    }

    @Test
    void syntaxErrorsPointIntoTheWholeQueryString() {
        SqlException e = error("SELECT 1; SELEC 2");
        assertThat(e.sqlState()).isEqualTo("42601");
        assertThat(e.position()).isEqualTo(11);
    }

    @Test
    void preparedStatementsInferParameterTypesAndFollowDdl() {
        run("CREATE TABLE t (id int PRIMARY KEY, v text)");
        run("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        Prepared p = s.prepare("SELECT * FROM t WHERE id = $1", List.of());
        assertThat(p.paramTypes()).containsExactly(SqlType.INT4);
        assertThat(s.execute(p, List.of(2)).rows()).extracting(r -> r[1]).containsExactly("two");
        s.sync();
        assertThat(s.prepare("SELECT * FROM t WHERE id = $1", List.of())).as("cached").isSameAs(p);
        run("ALTER TABLE t ADD COLUMN w int DEFAULT 7");
        Result r = s.execute(p, List.of(1));
        s.sync();
        assertThat(r.columns()).extracting(c -> c.name()).containsExactly("id", "v", "w");
        assertThat(r.rows()).extracting(row -> row[2]).containsExactly(7);
    }
}
