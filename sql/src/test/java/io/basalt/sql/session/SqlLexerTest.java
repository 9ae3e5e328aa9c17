package io.basalt.sql.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens as PostgreSQL's lexer cuts them. */
class SqlLexerTest {
    private static List<String> tokens(String sql) {
        return SqlLexer.tokens(sql).stream().map(t -> t.kind() + " " + sql.substring(t.start(), t.end())).toList();
    }

    @Test
    void operatorsEndInASignOnlyWhenTheyHoldANonSqlCharacter() {
        assertThat(tokens("2*-3 @-4 ~~* |/")).containsExactly("NUMBER 2", "OPERATOR *", "OPERATOR -", "NUMBER 3",
            "OPERATOR @-", "NUMBER 4", "OPERATOR ~~*", "OPERATOR |/");
        assertThat(tokens("a+--b\n-/*c*/-d")).as("a comment start ends an operator")
            .containsExactly("WORD a", "OPERATOR +", "OPERATOR -", "OPERATOR -", "WORD d");
    }

    @Test
    void stringsNamesNumbersAndParameters() {
        assertThat(tokens("E'a\\'b' 'c''d' \"e\"\"f\" $x$ ' $x$ $1 x::int 1.5e-3 .5 $y")).containsExactly(
            "STRING E'a\\'b'", "STRING 'c''d'", "QUOTED_NAME \"e\"\"f\"", "STRING $x$ ' $x$", "PARAM $1",
            "WORD x", "PUNCT ::", "WORD int", "NUMBER 1.5e-3", "NUMBER .5", "PUNCT $", "WORD y");
    }
}
