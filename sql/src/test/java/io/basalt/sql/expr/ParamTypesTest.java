package io.basalt.sql.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter types: given by the client, or inferred from the first context that fixes them, else text. */
class ParamTypesTest {
    private static final TableDef T = new TableDef(1, "t",
            List.of(new ColumnDef(1, 1, "id", SqlType.INT8, true, null, ColumnDef.Identity.NONE, null, false),
                    new ColumnDef(2, 2, "name", SqlType.varchar(10), false, null, ColumnDef.Identity.NONE, null, false),
                    new ColumnDef(3, 3, "at", SqlType.DATE, false, null, ColumnDef.Identity.NONE, null, false)),
            List.of(new IndexDef(1, "t_pkey", List.of(1), List.of(false), true, true)), List.of(), List.of(), 4, 2);

    private static List<SqlType> infer(String expr, SqlType... given) {
        ParamTypes p = new ParamTypes(Arrays.asList(given));
        new ExprCompiler(p, null).compile(ExprCompiler.parse(expr), Scope.ofTable(T, "t"));
        return p.resolved();
    }

    @Test
    void aComparedColumnGivesItsType() {
        assertThat(infer("id = $1")).containsExactly(SqlType.INT8);
        assertThat(infer("$1 = id")).containsExactly(SqlType.INT8);
        assertThat(infer("name = $1 AND at > $2")).containsExactly(SqlType.VARCHAR, SqlType.DATE);
        assertThat(infer("id IN ($1, $2)")).containsExactly(SqlType.INT8, SqlType.INT8);
        assertThat(infer("id BETWEEN $1 AND $2")).containsExactly(SqlType.INT8, SqlType.INT8);
    }

    @Test
    void arithmeticAndFunctionsGiveTheirOperandTypes() {
        assertThat(infer("$1 + 1 > 0")).containsExactly(SqlType.INT4);
        assertThat(infer("upper($1) = 'A'")).containsExactly(SqlType.TEXT);
        assertThat(infer("substring(name, $1, $2) = 'x'")).containsExactly(SqlType.INT4, SqlType.INT4);
        assertThat(infer("$1 || 'x' = 'ax'")).containsExactly(SqlType.TEXT);
        assertThat(infer("coalesce($1, id) > 0")).containsExactly(SqlType.INT8);
    }

    @Test
    void anUntypedParameterIsText() {
        assertThat(infer("$1 IS NULL")).containsExactly(SqlType.TEXT);
        assertThat(infer("$2 IS NULL")).containsExactly(SqlType.TEXT, SqlType.TEXT);
    }

    @Test
    void givenTypesWin() {
        assertThat(infer("id = $1", SqlType.INT4)).containsExactly(SqlType.INT4);
        assertThat(infer("id = $2", SqlType.INT4)).containsExactly(SqlType.INT4, SqlType.INT8);
        assertThat(infer("id > 0", SqlType.TEXT)).containsExactly(SqlType.TEXT);
    }

    @Test
    void parameterValuesAreReadAsTheirType() {
        ParamTypes p = new ParamTypes(List.of());
        Bound b = new ExprCompiler(p, null).compile(ExprCompiler.parse("$1 + 1"), Scope.empty());
        assertThat(b.expr().eval(Env.root(ExprHarness.ctx(ZoneOffset.UTC, 41)), new Object[0])).isEqualTo(42);
        // A client that sends text for a typed parameter is read through the type's input function.
        assertThat(b.expr().eval(Env.root(ExprHarness.ctx(ZoneOffset.UTC, "41")), new Object[0])).isEqualTo(42);
        assertThatThrownBy(() -> b.expr().eval(Env.root(ExprHarness.ctx(ZoneOffset.UTC)), new Object[0]))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("08P01"));
    }

    @Test
    void badParameterNumbers() {
        assertThatThrownBy(() -> infer("id = $0")).isInstanceOfSatisfying(SqlException.class,
                e -> assertThat(e.sqlState()).isEqualTo("42P02"));
    }
}
