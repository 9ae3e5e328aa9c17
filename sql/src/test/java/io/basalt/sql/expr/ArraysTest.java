package io.basalt.sql.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.session.SqlEngine;
import io.basalt.sql.store.MemoryKv;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Array values and set-returning functions in FROM: every expectation is what PostgreSQL 15
 * printed for the same query (NULL written {@code null}), except where a test says Basalt
 * refuses on purpose.
 */
class ArraysTest {
    private final SqlEngine engine = new SqlEngine(new MemoryKv(),
        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    private final SqlSession s = engine.open("tester", "postgres", Map.of());

    private Result result(String sql) {
        List<Result> out = new ArrayList<>();
        s.simpleQuery(sql, out::add);
        return out.get(out.size() - 1);
    }

    private List<String> rows(String sql) {
        return result(sql).rows().stream()
            .map(row -> String.join("|", Arrays.stream(row).map(String::valueOf).toList())).toList();
    }

    private void fails(String sql, String sqlState, String message) {
        assertThatThrownBy(() -> result(sql)).isInstanceOfSatisfying(SqlException.class, e -> {
            assertThat(e.sqlState()).as(sql).isEqualTo(sqlState);
            assertThat(e.getMessage()).as(sql).contains(message);
        });
    }

    @Test
    void constructorsPrintTheTextFormWithQuotesWhereNeeded() {
        assertThat(rows("SELECT ARRAY[1,2,NULL]")).containsExactly("{1,2,NULL}");
        assertThat(rows("SELECT ARRAY['a b', 'c', '', 'null', 'q\"\\']")).containsExactly("{\"a b\",c,\"\",\"null\",\"q\\\"\\\\\"}");
        assertThat(rows("SELECT ARRAY[1, 2.5]")).containsExactly("{1,2.5}");
        assertThat(rows("SELECT '{ 1 , 2 }'::int2[], '{}'::int[], '{a,\"b c\"}'::pg_catalog.text[]"))
            .containsExactly("{1,2}|{}|{a,\"b c\"}");
        fails("SELECT ARRAY[]", "42P18", "cannot determine type of empty array");
        fails("SELECT '{1,x}'::int[]", "22P02", "invalid input syntax for type integer: \"x\"");
        fails("SELECT '{1,2'::int[]", "22P02", "malformed array literal: \"{1,2\"");
        fails("SELECT 1::int[]", "42846", "cannot cast type integer to integer[]");
    }

    @Test
    void severalDimensionsAreRefusedNotMisread() {
        // PostgreSQL reads this as a two-dimensional array; Basalt has one dimension only.
        fails("SELECT '{{1},{2}}'::int[]", "0A000", "multidimensional arrays are not supported");
        fails("SELECT ARRAY[ARRAY[1]]", "0A000", "multidimensional arrays are not supported");
        fails("CREATE TABLE t (a int[])", "0A000", "array types are not supported");
    }

    @Test
    void arraysCompareForEqualityOnlyAsTheirTextWouldMisorder() {
        assertThat(rows("SELECT ARRAY[1,2] = '{ 1 , 2 }', ARRAY[1,2] <> ARRAY[2,1], '{a}'::text[] = ARRAY['a'],"
            + " ARRAY[1] IS DISTINCT FROM NULL")).containsExactly("true|true|true|true");
        fails("SELECT ARRAY[1,2] < ARRAY[1,10]", "0A000", "operator < on arrays is not supported");
        fails("SELECT ARRAY[1] || 2", "0A000", "operator || on arrays is not supported");
        fails("SELECT x FROM (SELECT ARRAY[1] AS x) s ORDER BY 1", "0A000", "ORDER BY an array is not supported");
        fails("SELECT max(x) FROM (SELECT ARRAY[1] AS x) s", "42883", "does not exist");
        fails("SELECT ARRAY[1] = ARRAY[1.5]", "42883", "operator does not exist");
    }

    @Test
    void anyAndAllOverAnArrayFollowOrAndAndOverItsElements() {
        assertThat(rows("SELECT 2 = ANY('{1,2}'::int[]), 3 = ANY('{1,NULL}'::int4[]), 1 = ANY('{1,NULL}'::int[]),"
            + " NULL::int = ANY('{1}'::int[]), 1 = ANY(NULL::int[]), 1 = ANY('{}'::int[]), 1 <> ALL('{2,3}'::int[]),"
            + " 1 = ALL('{}'::int[]), 'b' = ANY('{a,b}'), 2 = SOME(ARRAY[1,2]), 2 > ALL(ARRAY[1,NULL])"))
            .containsExactly("true|null|true|null|null|false|true|true|true|true|null");
        assertThat(rows("SELECT 3 = ANY (ARRAY[1, 2, 3]), 3 <> ALL (ARRAY[1, 2])")).containsExactly("true|true");
        fails("SELECT 1 = ANY(1)", "42809", "op ANY/ALL (array) requires array on right side");
    }

    @Test
    void subscriptsGiveTypedElementsOrNull() {
        assertThat(rows("SELECT a[2], a[4], a[NULL], a[1] + 1 FROM (SELECT '{10,20,30}'::int[] AS a) s"))
            .containsExactly("20|null|null|11");
        assertThat(rows("SELECT b[1], b[2], b[3] FROM (SELECT '{\"a,b\",c,NULL}'::text[] AS b) s"))
            .containsExactly("a,b|c|null");
        fails("SELECT x[1] FROM (SELECT 5 AS x) s", "42804",
            "cannot subscript type integer because it does not support subscripting");
    }

    @Test
    void arrayFunctions() {
        assertThat(rows("SELECT array_to_string(ARRAY['a',NULL,'c'], ','), array_to_string(ARRAY['a',NULL,'c'], ',', '*'),"
            + " array_to_string(NULL::text[], ','), array_to_string(ARRAY[1,2], '-')"))
            .containsExactly("a,c|a,*,c|null|1-2");
        assertThat(rows("SELECT array_upper('{5,6,7}'::int[], 1), array_upper('{5,6,7}'::int[], 2),"
            + " array_upper('{}'::int[], 1), array_length('{5,6}'::int[], 1), array_lower('{5,6}'::int[], 1),"
            + " cardinality('{}'::int[]), cardinality(ARRAY[1,2,3])")).containsExactly("3|null|null|2|1|0|3");
        fails("SELECT array_upper('abc'::text, 1)", "42883", "function array_upper(text, integer) does not exist");
    }

    @Test
    void arrayOfASubqueryCollectsItsRowsInOrder() {
        assertThat(rows("SELECT ARRAY(SELECT x FROM (VALUES (2),(1)) v(x) ORDER BY 1), ARRAY(SELECT 1 WHERE false),"
            + " array_to_string(ARRAY(SELECT x FROM (VALUES ('b'),('a')) v(x) ORDER BY 1), ', ')"))
            .containsExactly("{1,2}|{}|a, b");
        assertThat(rows("SELECT t.x, ARRAY(SELECT g FROM generate_series(1, t.x) g) FROM (VALUES (1),(3)) t(x) ORDER BY 1"))
            .containsExactly("1|{1}", "3|{1,2,3}");
        fails("SELECT ARRAY(SELECT 1, 2)", "42601", "subquery must return only one column");
    }

    @Test
    void setReturningFunctionsInFrom() {
        Result series = result("SELECT * FROM generate_series(1,3) s");
        assertThat(series.columns().get(0).name()).isEqualTo("s");
        assertThat(rows("SELECT * FROM generate_series(1,3) s")).containsExactly("1", "2", "3");
        assertThat(rows("SELECT s, n FROM generate_series(5,7) WITH ORDINALITY AS g(s, n)"))
            .containsExactly("5|1", "6|2", "7|3");
        assertThat(rows("SELECT t.x, g FROM (VALUES (1),(2)) t(x), generate_series(1, t.x) g ORDER BY 1, 2"))
            .containsExactly("1|1", "2|1", "2|2");
        assertThat(rows("SELECT (SELECT count(*) FROM generate_series(1, t.x) g) FROM (VALUES (3)) t(x)"))
            .containsExactly("3");
        Result ordinal = result("SELECT * FROM generate_series(3, 1, -1) WITH ORDINALITY");
        assertThat(ordinal.columns().stream().map(c -> c.name()).toList())
            .containsExactly("generate_series", "ordinality");
        assertThat(rows("SELECT * FROM generate_series(3, 1, -1) WITH ORDINALITY")).containsExactly("3|1", "2|2", "1|3");
        assertThat(rows("SELECT * FROM generate_series(1, NULL) g")).isEmpty();
        fails("SELECT * FROM generate_series(1,2) g(a, b)", "42P10",
            "table \"g\" has 1 columns available but 2 columns specified");
        fails("SELECT * FROM upper('x') u", "0A000", "function upper in FROM is not supported");
    }

    @Test
    void partitionAncestorsInFromWithOrdinality() {
        result("CREATE TABLE t (id int PRIMARY KEY)");
        assertThat(rows("SELECT relid, depth FROM pg_catalog.pg_partition_ancestors('t') WITH ORDINALITY AS a(relid, depth)"))
            .containsExactly("t|1");
        assertThat(rows("SELECT c.relname FROM pg_class c, pg_partition_ancestors(c.oid) a(relid)"
            + " WHERE c.oid = a.relid ORDER BY 1")).containsExactly("t", "t_pkey");
    }
}
