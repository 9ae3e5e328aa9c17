package io.basalt.sql.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import org.junit.jupiter.api.Test;

/** The text JSqlParser is given for PostgreSQL syntax it does not read, and the way back to the text as written. */
class SyntaxRewriterTest {
    private static String rewrite(String sql) {
        return SyntaxRewriter.rewrite(sql).sql();
    }

    @Test
    void operatorsBecomeWhatJSqlParserReads() {
        assertThat(rewrite("SELECT 'x' ~~ 'x', 'X' ~~* 'x', 'x' !~~ 'y', 'x' !~~* 'y'"))
            .isEqualTo("SELECT ('x' LIKE 'x'), ('X' ILIKE 'x'), ('x' NOT LIKE 'y'), ('x' NOT ILIKE 'y')");
        assertThat(rewrite("SELECT 'hello' ^@ 'he'")).isEqualTo("SELECT starts_with('hello' , 'he')");
        assertThat(rewrite("SELECT |/ 25, ||/ 27")).isEqualTo("SELECT dsqrt( 25), dcbrt( 27)");
        assertThat(rewrite("SELECT - - 5, + - 5")).isEqualTo("SELECT - (- 5), + (- 5)");
        assertThat(rewrite("SELECT 2 * 3 ^ 2")).isEqualTo("SELECT 2 * (3 ^ 2)");
        assertThat(rewrite("SELECT a~~b, c^@d")).as("tokens that met only in the rewrite are kept apart")
            .isEqualTo("SELECT (a LIKE b), starts_with(c,d)");
    }

    @Test
    void psqlsQualifiedOperatorsAndCollationsBecomeBare() {
        assertThat(rewrite("WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default AND x"))
            .isEqualTo("WHERE c.relname ~ '^(t)$' COLLATE \"default\" AND x");
        assertThat(rewrite("SELECT a OPERATOR(~~) b")).as("the bare operator is then rewritten too")
            .isEqualTo("SELECT (a LIKE b)");
        assertThatThrownBy(() -> rewrite("SELECT a OPERATOR(myschema.~) b")).isInstanceOf(SqlException.class)
            .hasMessageContaining("schema \"myschema\" does not exist");
    }

    @Test
    void substringsForFormsBecomeItsFromForForm() {
        assertThat(rewrite("SELECT substring(s FOR n)")).isEqualTo("SELECT substring(s FROM 1 FOR CAST( n AS integer))");
        assertThat(rewrite("SELECT SUBSTRING(s FOR 3 FROM 2)")).isEqualTo("SELECT SUBSTRING(s FROM 2 FOR 3)");
        String unchanged = "SELECT substring(s FROM 2 FOR 3), substring(s FROM 2), substring(s, 2, 3),"
            + " substring((SELECT v FROM t FOR UPDATE) FROM 2), x.substring(s FOR 2)";
        assertThat(SyntaxRewriter.rewrite(unchanged).sql()).isSameAs(unchanged);
    }

    @Test
    void stringsQuotedNamesAndCommentsAreNeverRewritten() {
        String sql = "SELECT '~~ |/ ^@ - - 5', E'\\' ~~ ', $$ ^@ $$, $q$ |/ 4 $q$, \"~~\", U&'a ~~' -- ~~ |/\n"
            + "/* ^@ /* nested - - */ ~~ */ FROM t";
        assertThat(SyntaxRewriter.rewrite(sql).sql()).isSameAs(sql);
        assertThat(rewrite("SELECT '~~' ~~ $$~~$$ /* ~~ */, \"|/\""))
            .isEqualTo("SELECT ('~~' LIKE $$~~$$) /* ~~ */, \"|/\"");
    }

    @Test
    void operandsFollowPostgresqlsPrecedence() {
        assertThat(rewrite("SELECT |/ 16 + 9 * 2 ^ 2 = 5")).as("a prefix operator takes what binds tighter")
            .isEqualTo("SELECT dsqrt( 16 + 9 * (2 ^ 2)) = 5");
        assertThat(rewrite("SELECT |/ 25 || 'x', 2 * |/ 16 + 9, |/ |/ 16"))
            .isEqualTo("SELECT dsqrt( 25) || 'x', 2 * dsqrt( 16 + 9), dsqrt( dsqrt( 16))");
        assertThat(rewrite("SELECT 'ab' ~~ 'a' || 'b', 'a' || 'b' ~~ 'ab' AND true"))
            .as("other operators share one level and associate to the left")
            .isEqualTo("SELECT ('ab' LIKE 'a') || 'b', ('a' || 'b' LIKE 'ab') AND true");
        assertThat(rewrite("SELECT x FROM t WHERE a.b[1]::text ~~ f(y) OVER (ORDER BY z) COLLATE \"C\""))
            .isEqualTo("SELECT x FROM t WHERE (a.b[1]::text LIKE f(y) OVER (ORDER BY z) COLLATE \"C\")");
        assertThat(rewrite("SELECT left(s, 2) ~~ 'a%', x FROM t WHERE NOT - y ^@ z"))
            .isEqualTo("SELECT (left(s, 2) LIKE 'a%'), x FROM t WHERE NOT starts_with(- y , z)");
        assertThat(rewrite("SELECT CASE WHEN a THEN b END ^@ c, x::timestamp with time zone ~~ date '2024-01-01'"))
            .isEqualTo("SELECT starts_with(CASE WHEN a THEN b END , c), (x::timestamp with time zone LIKE date '2024-01-01')");
        assertThat(rewrite("SELECT -2 ^ 2, 3 - 2 ^ -2, 2 ^ 3 ^ 2, - - 2 ^ 2"))
            .as("unary minus binds tighter than ^, which associates to the left")
            .isEqualTo("SELECT (-2 ^ 2), 3 - (2 ^ -2), ((2 ^ 3) ^ 2), (- (- 2) ^ 2)");
    }

    @Test
    void everyCharacterMapsBackToTheTextAsWritten() {
        String sql = "SELECT a ~~ b, |/ c";
        SyntaxRewriter.Rewritten r = SyntaxRewriter.rewrite(sql);
        assertThat(r.sql()).isEqualTo("SELECT (a LIKE b), dsqrt( c)");
        assertThat(r.originalOffset(r.sql().indexOf("LIKE"))).isEqualTo(sql.indexOf("~~"));
        assertThat(r.originalOffset(r.sql().indexOf("a"))).isEqualTo(sql.indexOf("a"));
        assertThat(r.originalOffset(r.sql().indexOf("b"))).isEqualTo(sql.indexOf("b"));
        assertThat(r.originalOffset(r.sql().indexOf("dsqrt") + 3)).isEqualTo(sql.indexOf("|/"));
        assertThat(r.originalOffset(r.sql().indexOf("c"))).isEqualTo(sql.indexOf("c"));
        assertThat(r.originalOffset(r.sql().length())).isEqualTo(sql.length());
    }

    @Test
    void anOperatorWithoutItsOperandsIs42601() {
        assertThatThrownBy(() -> SyntaxRewriter.rewrite("SELECT 4 |/ 9"))
            .isInstanceOfSatisfying(SqlException.class, e -> {
                assertThat(e.sqlState()).isEqualTo("42601");
                assertThat(e.getMessage()).isEqualTo("syntax error at or near \"|/\"");
                assertThat(e.position()).isEqualTo(10);
            });
        assertThatThrownBy(() -> SyntaxRewriter.rewrite("SELECT x ~~"))
            .isInstanceOfSatisfying(SqlException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("syntax error at end of input");
                assertThat(e.position()).isEqualTo(11);
            });
        assertThatThrownBy(() -> SyntaxRewriter.rewrite("SELECT 1 WHERE ^@ 'a'"))
            .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.position()).isEqualTo(16));
    }
}
