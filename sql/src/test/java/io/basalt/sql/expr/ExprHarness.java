package io.basalt.sql.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import io.basalt.sql.types.TypeKind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Binds and evaluates one expression without any table, as {@code SELECT expr} would. */
final class ExprHarness {
    static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123456Z");

    /** An expression's value as PostgreSQL prints it (null for NULL) and its type's name. */
    record Outcome(String text, String type) {
    }

    private ExprHarness() {
    }

    static ExecContext ctx(ZoneId zone, Object... params) {
        return new ExecContext(() -> (KvTxn) null, null, Arrays.asList(params), zone, NOW, () -> false);
    }

    static Bound bind(String expr, ParamTypes params) {
        return new ExprCompiler(params, null).compile(ExprCompiler.parse(expr), Scope.empty());
    }

    static Outcome eval(String expr) {
        Bound b = bind(expr, new ParamTypes(List.of()));
        SqlType t = b.type().kind() == TypeKind.UNKNOWN ? SqlType.TEXT : b.type();
        Object v = b.expr().eval(Env.root(ctx(ZoneOffset.UTC)), new Object[0]);
        return new Outcome(TextCodec.format(v, t, ZoneOffset.UTC), t.kind().sqlName());
    }

    /** The cases of a text block, one per non-blank line, fields separated by {@code " ==> "}. */
    static Stream<String[]> cases(String block) {
        return block.lines().filter(l -> !l.isBlank()).map(l -> l.strip().split(" ==> "));
    }

    /** {@code expr} evaluates to {@code value} ({@code <null>}: NULL) of type {@code type}, as in PostgreSQL. */
    static void assertValue(String expr, String value, String type) {
        Outcome o = eval(expr);
        assertThat(o.type()).as("type of %s", expr).isEqualTo(type);
        assertThat(o.text()).as("value of %s", expr).isEqualTo(value.equals("<null>") ? null : value);
    }

    /** {@code expr} fails with {@code sqlState} and {@code message}, as in PostgreSQL. */
    static void assertError(String expr, String sqlState, String message) {
        assertThatThrownBy(() -> eval(expr)).isInstanceOfSatisfying(SqlException.class, e -> {
            assertThat(e.sqlState()).as("SQLSTATE of %s", expr).isEqualTo(sqlState);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
