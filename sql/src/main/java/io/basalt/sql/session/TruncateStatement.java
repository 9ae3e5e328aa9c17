package io.basalt.sql.session;

import io.basalt.sql.session.SqlLexer.Kind;
import io.basalt.sql.session.SqlLexer.Token;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * A TRUNCATE as JSqlParser reads it, with the clause it does not read: whether the statement
 * restarts the sequences of the tables' SERIAL and identity columns (RESTART IDENTITY).
 */
final class TruncateStatement extends Truncate {
    private final boolean restartIdentity;

    TruncateStatement(Truncate parsed, boolean restartIdentity) {
        setTable(parsed.getTable());
        setTables(parsed.getTables());
        setCascade(parsed.getCascade());
        setOnly(parsed.isOnly());
        setTableToken(parsed.isTableToken());
        this.restartIdentity = restartIdentity;
    }

    boolean restartIdentity() {
        return restartIdentity;
    }

    /** A TRUNCATE's text for JSqlParser, and whether it said RESTART IDENTITY. */
    record Text(String sql, boolean restartIdentity) {
    }

    /**
     * Takes {@code [RESTART | CONTINUE] IDENTITY [CASCADE | RESTRICT]} apart, which JSqlParser
     * reads only the CASCADE of: the other words are blanked out, so every position in the
     * text stays where it was (CONTINUE IDENTITY and RESTRICT are the defaults). In any other
     * place they stay, for the parser to refuse as PostgreSQL does.
     */
    static Text strip(String sql) {
        List<Token> tokens = SqlLexer.tokens(sql);
        int end = tokens.size();
        if (end > 0 && sql.substring(tokens.get(end - 1).start(), tokens.get(end - 1).end()).equals(";")) {
            end--;
        }
        char[] text = sql.toCharArray();
        if (end > 2 && isWord(sql, tokens.get(end - 1), "restrict", "cascade")) {
            if (isWord(sql, tokens.get(end - 1), "restrict")) {
                blank(text, tokens.get(end - 1));
            }
            end--;
        }
        boolean restart = false;
        if (end > 3 && isWord(sql, tokens.get(end - 1), "identity")
            && isWord(sql, tokens.get(end - 2), "restart", "continue")
            && !isWord(sql, tokens.get(end - 3), "restrict", "cascade")) {
            restart = isWord(sql, tokens.get(end - 2), "restart");
            blank(text, tokens.get(end - 2));
            blank(text, tokens.get(end - 1));
        }
        return new Text(new String(text), restart);
    }

    private static boolean isWord(String sql, Token t, String... words) {
        if (t.kind() != Kind.WORD) {
            return false;
        }
        String w = sql.substring(t.start(), t.end()).toLowerCase(Locale.ROOT);
        return List.of(words).contains(w);
    }

    private static void blank(char[] text, Token t) {
        for (int i = t.start(); i < t.end(); i++) {
            text[i] = ' ';
        }
    }
}
