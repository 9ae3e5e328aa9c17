package io.basalt.sql.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import io.basalt.txn.Isolation;
import org.junit.jupiter.api.Test;

class CommandParserTest {
    @Test
    void transactionControlInPostgresqlsForms() {
        assertThat(CommandParser.parse("BEGIN")).isEqualTo(new Command.Begin(null, null));
        assertThat(CommandParser.parse("begin transaction isolation level read committed, read only"))
            .isEqualTo(new Command.Begin(Isolation.READ_COMMITTED, true));
        assertThat(CommandParser.parse("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ WRITE"))
            .isEqualTo(new Command.Begin(Isolation.SERIALIZABLE, false));
        assertThat(CommandParser.parse("BEGIN WORK")).isEqualTo(new Command.Begin(null, null));
        assertThat(CommandParser.parse("commit")).isInstanceOf(Command.Commit.class);
        assertThat(CommandParser.parse("END TRANSACTION")).isInstanceOf(Command.Commit.class);
        assertThat(CommandParser.parse("ROLLBACK WORK")).isInstanceOf(Command.Rollback.class);
        assertThat(CommandParser.parse("abort")).isInstanceOf(Command.Rollback.class);
        assertThat(CommandParser.parse("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
            .isEqualTo(new Command.SetTransaction(Isolation.SERIALIZABLE, null, false));
        assertThat(CommandParser.parse("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"))
            .isEqualTo(new Command.SetTransaction(null, true, true));
    }

    @Test
    void settingsKeepTheValuesCaseAndDropQuotes() {
        assertThat(CommandParser.parse("SET TimeZone TO 'Europe/Berlin'"))
            .isEqualTo(new Command.Set("timezone", "Europe/Berlin", false));
        assertThat(CommandParser.parse("SET extra_float_digits = 3"))
            .isEqualTo(new Command.Set("extra_float_digits", "3", false));
        assertThat(CommandParser.parse("set local search_path to public, other"))
            .isEqualTo(new Command.Set("search_path", "public, other", true));
        assertThat(CommandParser.parse("SET TIME ZONE 'UTC'")).isEqualTo(new Command.Set("timezone", "UTC", false));
        assertThat(CommandParser.parse("SET application_name = DEFAULT"))
            .isEqualTo(new Command.Set("application_name", null, false));
        assertThat(CommandParser.parse("SHOW TRANSACTION ISOLATION LEVEL")).isEqualTo(new Command.Show("transaction_isolation"));
        assertThat(CommandParser.parse("show all")).isEqualTo(new Command.Show(null));
        assertThat(CommandParser.parse("RESET ALL")).isEqualTo(new Command.Reset(null));
    }

    @Test
    void otherStatementsGoToTheSqlParser() {
        assertThat(CommandParser.parse("SELECT 1")).isInstanceOf(Command.Parsed.class);
        assertThat(CommandParser.parse("INSERT INTO t VALUES (1, 'begin')")).isInstanceOf(Command.Parsed.class);
    }

    @Test
    void syntaxErrorsCarryPostgresqlsCodeAndPosition() {
        assertThatThrownBy(() -> CommandParser.parse("SELECT * FORM t"))
            .isInstanceOfSatisfying(SqlException.class, e -> {
                assertThat(e.sqlState()).isEqualTo("42601");
                assertThat(e.getMessage()).startsWith("syntax error");
                assertThat(e.position()).isBetween(10, 15);
            });
        assertThatThrownBy(() -> CommandParser.parse("BEGIN ISOLATION LEVEL sideways"))
            .isInstanceOfSatisfying(SqlException.class, e -> {
                assertThat(e.sqlState()).isEqualTo("42601");
                assertThat(e.getMessage()).contains("sideways");
                assertThat(e.position()).isEqualTo(23);
            });
        assertThatThrownBy(() -> CommandParser.parse("SAVEPOINT a"))
            .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("0A000"));
    }

    @Test
    void syntaxErrorsAfterARewritePointIntoTheTextAsWritten() {
        assertThatThrownBy(() -> CommandParser.parse("SELECT 'a' ~~ 'b' x y"))
            .isInstanceOfSatisfying(SqlException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("syntax error at or near \"y\"");
                assertThat(e.position()).isEqualTo(21);
            });
        assertThatThrownBy(() -> CommandParser.parse("INSERT INTO |/ 5"))
            .as("a token the rewrite wrote is named by the one written in its place")
            .isInstanceOfSatisfying(SqlException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("syntax error at or near \"|/\"");
                assertThat(e.position()).isEqualTo(13);
            });
    }

    @Test
    void truncateReadsItsIdentityClauses() {
        var restart = (TruncateStatement) ((Command.Parsed) CommandParser.parse(
            "TRUNCATE TABLE a, b RESTART IDENTITY CASCADE")).statement();
        assertThat(restart.restartIdentity()).isTrue();
        assertThat(restart.getCascade()).isTrue();
        assertThat(restart.getTables()).extracting(t -> t.getName()).containsExactly("a", "b");
        var keep = (TruncateStatement) ((Command.Parsed) CommandParser.parse("truncate t continue identity restrict"))
            .statement();
        assertThat(keep.restartIdentity()).isFalse();
        assertThat(keep.getCascade()).isFalse();
        assertThatThrownBy(() -> CommandParser.parse("TRUNCATE t CASCADE RESTART IDENTITY"))
            .as("the clauses in PostgreSQL's order only")
            .isInstanceOfSatisfying(SqlException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("syntax error at or near \"RESTART\"");
                assertThat(e.position()).isEqualTo(20);
            });
    }

    @Test
    void splitterHonoursQuotesCommentsAndDollarBodies() {
        var pieces = StatementSplitter.split("SELECT 'a;b'; SELECT \"x;\" FROM t -- c;\n; /* ; /* ; */ */ SELECT $$;$$;;  ");
        assertThat(pieces).extracting(StatementSplitter.Piece::sql).containsExactly("SELECT 'a;b'",
            " SELECT \"x;\" FROM t -- c;\n", " /* ; /* ; */ */ SELECT $$;$$");
        assertThat(pieces.get(1).offset()).isEqualTo(13);
        assertThat(StatementSplitter.split("  -- only a comment\n ; ")).isEmpty();
        assertThat(StatementSplitter.split("SELECT E'it\\'s;' ; SELECT $1")).hasSize(2);
    }
}
