package io.basalt.sql.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.RowExpr;
import io.basalt.sql.types.SqlType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour PostgreSQL cannot be asked about directly: the statement's clock, catalog expressions, scopes. */
class ExprBehaviourTest {
    private static final TableDef T = new TableDef(1, "t",
            List.of(new ColumnDef(1, 1, "a", SqlType.INT4, false, null, ColumnDef.Identity.NONE, null, false),
                    new ColumnDef(2, 2, "b", SqlType.TEXT, false, null, ColumnDef.Identity.NONE, null, false)),
            List.of(new IndexDef(1, "t_pkey", List.of(1), List.of(false), true, true)), List.of(), List.of(), 3, 2);

    private static Object eval(String expr, ZoneId zone) {
        Bound b = new ExprCompiler().compile(ExprCompiler.parse(expr), Scope.empty());
        return b.expr().eval(Env.root(ExprHarness.ctx(zone)), new Object[0]);
    }

    @Test
    void nowIsTheTransactionStart() {
        assertThat(eval("now()", ZoneOffset.UTC)).isEqualTo(ExprHarness.NOW);
        assertThat(eval("CURRENT_TIMESTAMP", ZoneOffset.UTC)).isEqualTo(ExprHarness.NOW);
        assertThat(eval("CURRENT_DATE", ZoneOffset.UTC)).isEqualTo(LocalDate.of(2024, 5, 6));
        // 07:08 UTC is still the previous evening in Honolulu.
        assertThat(eval("CURRENT_DATE", ZoneId.of("Pacific/Honolulu"))).isEqualTo(LocalDate.of(2024, 5, 5));
        assertThat(ExprHarness.eval("now()").type()).isEqualTo("timestamp with time zone");
    }

    @Test
    void zonedLiteralsUseTheSessionZone() {
        Object v = eval("'2024-01-01 00:00:00'::timestamptz", ZoneId.of("Europe/Oslo"));
        assertThat(v).isEqualTo(Instant.parse("2023-12-31T23:00:00Z"));
    }

    @Test
    void checkAndDefaultExpressionsOverTableRows() {
        ExprCompiler c = new ExprCompiler();
        RowExpr check = c.compile(T, "a > 0 AND b <> 'x'", null);
        assertThat(check.eval(ExprHarness.ctx(ZoneOffset.UTC), new Object[] {1, "y"})).isEqualTo(true);
        assertThat(check.eval(ExprHarness.ctx(ZoneOffset.UTC), new Object[] {1, "x"})).isEqualTo(false);
        assertThat(check.eval(ExprHarness.ctx(ZoneOffset.UTC), new Object[] {null, "y"})).isNull();
        RowExpr def = c.compile(T, "'12'", SqlType.INT8);
        assertThat(def.eval(ExprHarness.ctx(ZoneOffset.UTC), new Object[2])).isEqualTo(12L);
        assertThatThrownBy(() -> c.compile(T, "a > (SELECT 1)", null)).isInstanceOfSatisfying(SqlException.class,
                e -> assertThat(e.getMessage()).isEqualTo("cannot use subquery in check constraints"));
        assertThatThrownBy(() -> c.compile(T, "count(*) > 0", null)).isInstanceOfSatisfying(SqlException.class,
                e -> assertThat(e.sqlState()).isEqualTo("42803"));
        assertThatThrownBy(() -> c.compile(T, "a >", null)).isInstanceOfSatisfying(SqlException.class,
                e -> assertThat(e.sqlState()).isEqualTo("42601"));
    }

    @Test
    void quotedAndUnquotedNames() {
        assertThat(Names.fold("Foo")).isEqualTo("foo");
        assertThat(Names.fold("\"Foo\"")).isEqualTo("Foo");
        assertThat(Names.fold("\"a\"\"b\"")).isEqualTo("a\"b");
        Bound b = new ExprCompiler().compile(ExprCompiler.parse("T.A + \"a\""), Scope.ofTable(T, "t"));
        assertThat(b.expr().eval(Env.root(ExprHarness.ctx(ZoneOffset.UTC)), new Object[] {2, "z"})).isEqualTo(4);
        assertThatThrownBy(() -> new ExprCompiler().compile(ExprCompiler.parse("\"A\""), Scope.ofTable(T, "t")))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.getMessage()).isEqualTo("column \"A\" does not exist"));
    }

    @Test
    void escapeStrings() {
        assertThat(Literals.unescape("a\\nb\\t\\x41\\u00e9\\101\\\\")).isEqualTo("a\nb\tA\u00e9A\\");
        assertThat(ExprHarness.eval("E'x\\ty'").text()).isEqualTo("x\ty");
        assertThat(ExprHarness.eval("'x\\ty'").text()).isEqualTo("x\\ty");
    }

    @Test
    void likePatterns() {
        assertThat(LikePattern.compile("a%b_", '\\', false).matches("a\nxbc")).isTrue();
        assertThat(LikePattern.compile("a.c", '\\', false).matches("abc")).isFalse();
        assertThat(LikePattern.compile("100\\%", '\\', false).matches("100%")).isTrue();
        assertThat(LikePattern.compile("100\\%", null, false).matches("100\\abc")).isTrue();
        assertThat(LikePattern.compile("ÉT%", '\\', true).matches("été")).isTrue();
    }

    @Test
    void unsupportedSyntaxSaysWhat() {
        assertThatThrownBy(() -> ExprHarness.eval("count(*) OVER ()")).isInstanceOfSatisfying(SqlException.class, e -> {
            assertThat(e.sqlState()).isEqualTo("0A000");
            assertThat(e.getMessage()).isEqualTo("WINDOW functions are not supported");
        });
        assertThatThrownBy(() -> ExprHarness.eval("'{{1}}'::int[]")).isInstanceOfSatisfying(SqlException.class,
                e -> assertThat(e.getMessage()).isEqualTo("multidimensional arrays are not supported"));
        assertThatThrownBy(() -> ExprHarness.eval("1::money")).isInstanceOfSatisfying(SqlException.class, e -> {
            assertThat(e.sqlState()).isEqualTo("42704");
            assertThat(e.getMessage()).isEqualTo("type \"money\" does not exist");
        });
    }

    @Test
    void pgTypeofNamesTheArgumentTypeAsPostgresPrintsIt() {
        assertThat(ExprHarness.eval("pg_typeof(1)").text()).isEqualTo("integer");
        assertThat(ExprHarness.eval("pg_typeof('a')").text()).isEqualTo("unknown");
        assertThat(ExprHarness.eval("pg_typeof('a' || 'b')").text()).isEqualTo("text");
        assertThat(ExprHarness.eval("pg_typeof('x'::varchar(3))").text()).isEqualTo("character varying");
    }

    @Test
    void pgSleepStopsWhenTheStatementIsCancelled() {
        Bound b = new ExprCompiler().compile(ExprCompiler.parse("pg_sleep(600)"), Scope.empty());
        io.basalt.sql.exec.ExecContext cancelled = new io.basalt.sql.exec.ExecContext(() -> null, null, List.of(),
                ZoneOffset.UTC, ExprHarness.NOW, () -> true);
        assertThatThrownBy(() -> b.expr().eval(Env.root(cancelled), new Object[0]))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("57014"));
        assertThat(eval("pg_sleep(0.001)", ZoneOffset.UTC)).isEqualTo("");
    }

    @Test
    void anInvalidRegularExpressionIs2201B() {
        assertThatThrownBy(() -> ExprHarness.eval("'a' ~ '('"))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("2201B"));
    }
}
