package io.basalt.sql.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.store.MemoryKv;
import io.basalt.sql.types.TextCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL syntax JSqlParser does not read, or reads with another precedence (operator
 * spellings, prefix operators, two signs in a row, ^, substring's FOR form, TRUNCATE's IDENTITY
 * clauses), run through a session; the expected answers are PostgreSQL 15's.
 */
class PostgresSyntaxTest {
    private final SqlEngine engine = new SqlEngine(new MemoryKv(),
        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    private final SqlSession s = engine.open("tester", "postgres", Map.of());

    private Result last(String sql) {
        List<Result> out = new ArrayList<>();
        s.simpleQuery(sql, out::add);
        return out.get(out.size() - 1);
    }

    /** Each row as PostgreSQL's text output, columns joined with |, NULL for null. */
    private List<String> rows(String sql) {
        Result r = last(sql);
        List<String> out = new ArrayList<>();
        for (Object[] row : r.rows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length; i++) {
                cells.add(row[i] == null ? "NULL" : TextCodec.format(row[i], r.columns().get(i).type(), ZoneOffset.UTC));
            }
            out.add(String.join("|", cells));
        }
        return out;
    }

    private SqlException error(String sql) {
        try {
            last(sql);
        } catch (SqlException e) {
            return e;
        }
        throw new AssertionError("no error from: " + sql);
    }

    @Test
    void likeOperatorSpellingsAreLikeAndIlike() {
        assertThat(rows("SELECT 'x' ~~ 'x', 'X' ~~* 'x', 'x' !~~ 'y', 'x' !~~* 'X', 'X' ~~ 'x'"))
            .containsExactly("t|t|t|f|f");
        assertThat(rows("SELECT NULL ~~ 'a', 'a' ~~* NULL, NULL !~~ 'a', 'a' !~~* NULL"))
            .containsExactly("NULL|NULL|NULL|NULL");
        assertThat(rows("SELECT 'a_c' ~~ 'a\\_c', 'abc' ~~ 'a\\_c', 'ABC' ~~* 'a%'")).containsExactly("t|f|t");
        assertThat(rows("SELECT 'a' || 'b' ~~ 'ab'")).as("|| and ~~ share a level, left to right").containsExactly("t");
    }

    @Test
    void likeOperatorsWorkInWhereAndInStoredChecks() {
        last("CREATE TABLE w (id int PRIMARY KEY, s text CHECK (s ~~ 'a%'))");
        last("INSERT INTO w VALUES (1, 'apple'), (2, 'ant'), (3, 'avocado')");
        assertThat(rows("SELECT id FROM w WHERE s ~~* 'A%' AND s !~~ '%o' ORDER BY id")).containsExactly("1", "2");
        assertThat(error("INSERT INTO w VALUES (4, 'banana')").sqlState()).isEqualTo("23514");
    }

    @Test
    void squareAndCubeRootPrefixOperatorsAreDoublePrecision() {
        assertThat(rows("SELECT |/ 25, ||/ 8, ||/ -8, |/ NULL, ||/ NULL, |/ '16'"))
            .containsExactly("5|2|-2|NULL|NULL|4");
        assertThat(rows("SELECT |/ 2::numeric, pg_typeof(|/ 2::numeric), pg_typeof(sqrt(2::numeric))"))
            .as("the operators have no numeric version, unlike sqrt()")
            .containsExactly("1.4142135623730951|double precision|numeric");
        assertThat(error("SELECT |/ -4").sqlState()).isEqualTo("2201F");
        assertThat(error("SELECT |/ '25'::text").sqlState()).isEqualTo("42883");
    }

    @Test
    void aPrefixOperatorTakesEverythingThatBindsTighter() {
        assertThat(rows("SELECT |/ 25 + 11, |/ 16 * 4, |/ 16 ^ 2, 2 * |/ 16 + 9, |/ |/ 16 + 9 = 5 ^ 0.5"))
            .containsExactly("6|8|16|10|t");
        assertThat(rows("SELECT |/ 25 = 5, |/ 16 BETWEEN 3 AND 5")).containsExactly("t|t");
    }

    @Test
    void startsWithOperator() {
        assertThat(rows("SELECT 'hello' ^@ 'he', 'hello' ^@ 'lo', 'hello' ^@ NULL, NULL ^@ 'x', 'a' ^@ ''"))
            .containsExactly("t|f|NULL|NULL|t");
        assertThat(rows("SELECT 'ab' || 'c' ^@ 'abc', 'x' ^@ 'x' = true")).containsExactly("t|t");
        assertThat(error("SELECT 1 ^@ 1").sqlState()).isEqualTo("42883");
    }

    @Test
    void signsInARow() {
        assertThat(rows("SELECT - - 5, - - - 5, + - 5, - + 5, 2 - - 5, 2 * - - 5, - - 5 ^ 2, - - NULL::int"))
            .containsExactly("5|-5|-5|-5|7|10|25|NULL");
    }

    @Test
    void powerBindsTighterThanMultiplicationAndAssociatesToTheLeft() {
        assertThat(rows("SELECT 2 * 3 ^ 2, 2 ^ 3 * 2, 2 + 3 ^ 2, -2 ^ 2, 3 - 2 ^ 2, 2 ^ 3 ^ 2, 2 ^ -1"))
            .containsExactly("18|16|11|4|-1|64|0.5");
    }

    @Test
    void substringForms() {
        assertThat(rows("SELECT substring('hello' FOR 2), substring('hello' FROM 2 FOR 3), substring('hello' FROM 3),"
            + " substring('hello' FOR 3 FROM 2), substring('hello' FOR '2'), substring('hello' FOR 2::bigint)"))
            .containsExactly("he|ell|llo|ell|he|he");
        assertThat(rows("SELECT substring(NULL FOR 2), substring('hello' FOR NULL), substring('hello' FROM NULL FOR 1)"))
            .containsExactly("NULL|NULL|NULL");
        assertThat(error("SELECT substring('hello' FOR -1)").sqlState()).isEqualTo("22011");
    }

    @Test
    void truncateRestartIdentityRestartsSerialAndIdentitySequences() {
        last("CREATE TABLE a (id serial PRIMARY KEY, v text)");
        last("CREATE TABLE b (id int GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY, v text)");
        last("INSERT INTO a (v) VALUES ('x'), ('y')");
        last("INSERT INTO b (v) VALUES ('x'), ('y')");
        assertThat(last("TRUNCATE TABLE a, b RESTART IDENTITY CASCADE").commandTag()).isEqualTo("TRUNCATE TABLE");
        assertThat(rows("INSERT INTO a (v) VALUES ('z') RETURNING id")).containsExactly("1");
        assertThat(rows("INSERT INTO b (v) VALUES ('z') RETURNING id")).containsExactly("10");

        last("TRUNCATE b CONTINUE IDENTITY RESTRICT");
        assertThat(rows("INSERT INTO b (v) VALUES ('w') RETURNING id")).containsExactly("15");

        last("BEGIN");
        last("TRUNCATE b RESTART IDENTITY");
        last("ROLLBACK");
        assertThat(rows("INSERT INTO b (v) VALUES ('v') RETURNING id")).as("rolled back").containsExactly("20");
    }

    @Test
    void intervalWithAFieldAfterANumberIsThatManyUnits() {
        // JSqlParser would read the unit as a column alias and the number as seconds.
        assertThat(rows("SELECT INTERVAL '3' DAY, INTERVAL '2' hour, INTERVAL '-1' MINUTE"))
            .containsExactly("3 days|02:00:00|-00:01:00");
        assertThat(last("SELECT INTERVAL '3' DAY").columns().get(0).name()).isEqualTo("interval");
    }

    @Test
    void intervalQualifiersThatRestrictTheValueAndRowsAsValuesAreRefusedByName() {
        for (String sql : List.of("SELECT INTERVAL '1' DAY TO HOUR", "SELECT INTERVAL '1 day 2 hours' HOUR",
                "SELECT INTERVAL '1.5' MINUTE")) {
            SqlException e = error(sql);
            assertThat(e.sqlState()).as(sql).isEqualTo("0A000");
            assertThat(e.getMessage()).as(sql).contains("interval field qualifiers");
        }
        for (String sql : List.of("SELECT ROW(1, 2)", "SELECT (1, 2)", "SELECT coalesce((1, 2), (3, 4))")) {
            SqlException e = error(sql);
            assertThat(e.sqlState()).as(sql).isEqualTo("0A000");
            assertThat(e.getMessage()).as(sql).contains("row constructors");
        }
        for (String sql : List.of("CREATE TABLE ti (i interval(3))", "CREATE TABLE ti (i interval day)",
                "SELECT '1 day'::interval(2)", "CREATE TABLE ti (i interval hour to minute)",
                "SELECT CAST('1' AS interval day)")) {
            SqlException e = error(sql);
            assertThat(e.sqlState()).as(sql).isEqualTo("0A000");
            assertThat(e.getMessage()).as(sql).contains("interval");
        }
        SqlException sub = error("SELECT (1, 2) = (SELECT 1, 2)");
        assertThat(sub.sqlState()).isEqualTo("0A000");
        assertThat(sub.getMessage()).contains("row comparisons with a subquery");
    }
}
