package io.basalt.sql.session;

import io.basalt.sql.api.SqlException;
import io.basalt.txn.Isolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * Turns one statement's text into a {@link Command}. Transaction control, SET, RESET and SHOW
 * are recognised here from their leading words; the rest goes to JSqlParser (through
 * {@code newParser(sql).Statement()}: its {@code parse(String)} starts a thread per call),
 * after {@link SyntaxRewriter} has put PostgreSQL's forms JSqlParser does not read into ones
 * it does. A syntax error becomes 42601 with the 1-based position of the offending token in
 * the text as written, as PostgreSQL reports it.
 */
public final class CommandParser {
    private CommandParser() {
    }

    /** The command {@code sql} is; 42601 when it is not valid SQL. */
    public static Command parse(String sql) {
        List<String> words = Words.of(sql);
        if (!words.isEmpty()) {
            Command c = control(words, sql);
            if (c != null) {
                return c;
            }
        }
        TruncateStatement.Text truncate = !words.isEmpty() && words.get(0).equals("truncate")
            ? TruncateStatement.strip(sql) : null;
        SyntaxRewriter.Rewritten text = SyntaxRewriter.rewrite(truncate == null ? sql : truncate.sql());
        try {
            var statement = CCJSqlParserUtil.newParser(text.sql()).Statement();
            if (statement == null) {
                throw new SqlException("42601", "syntax error at end of input", null, null, Math.max(1, sql.length()), null);
            }
            if (statement instanceof Truncate t && truncate != null) {
                statement = new TruncateStatement(t, truncate.restartIdentity());
            }
            return new Command.Parsed(statement, sql);
        } catch (ParseException e) {
            throw syntaxError(sql, text, e);
        } catch (TokenMgrException e) {
            throw new SqlException("42601", "syntax error: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            if (e instanceof SqlException s) {
                throw s;
            }
            throw new SqlException("42601", "syntax error: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static Command control(List<String> w, String sql) {
        String first = w.get(0);
        switch (first) {
            case "begin", "start" -> {
                int from = first.equals("start") ? expect(w, 1, "transaction", sql) : skipOptional(w, 1);
                return modes(w, from, sql, (iso, ro) -> new Command.Begin(iso, ro));
            }
            case "commit", "end" -> {
                return only(w, skipOptional(w, 1), sql, new Command.Commit());
            }
            case "rollback", "abort" -> {
                if (w.size() > 1 && w.get(1).equals("to")) {
                    throw unsupported("ROLLBACK TO SAVEPOINT");
                }
                return only(w, skipOptional(w, 1), sql, new Command.Rollback());
            }
            case "savepoint", "release" -> throw unsupported(first.toUpperCase(Locale.ROOT));
            case "set" -> {
                return set(w, sql);
            }
            case "reset" -> {
                if (w.size() != 2) {
                    throw syntaxAt(sql, w.size() > 2 ? w.get(2) : null);
                }
                return new Command.Reset(w.get(1).equals("all") ? null : w.get(1));
            }
            case "show" -> {
                if (w.size() == 3 && w.get(1).equals("transaction") && w.get(2).equals("isolation")) {
                    return new Command.Show("transaction_isolation");
                }
                if (w.size() == 4 && w.get(1).equals("transaction") && w.get(2).equals("isolation")
                    && w.get(3).equals("level")) {
                    return new Command.Show("transaction_isolation");
                }
                if (w.size() == 3 && w.get(1).equals("time") && w.get(2).equals("zone")) {
                    return new Command.Show("timezone");
                }
                if (w.size() != 2) {
                    throw syntaxAt(sql, w.size() > 2 ? w.get(2) : null);
                }
                return new Command.Show(w.get(1).equals("all") ? null : w.get(1));
            }
            case "discard" -> {
                return new Command.NoOp("DISCARD ALL");
            }
            case "vacuum" -> {
                return new Command.NoOp("VACUUM");
            }
            case "analyze", "analyse" -> {
                return new Command.NoOp("ANALYZE");
            }
            case "checkpoint" -> {
                return new Command.NoOp("CHECKPOINT");
            }
            case "copy" -> {
                return CopyParser.parse(sql);
            }
            default -> {
                return null;
            }
        }
    }

    private interface ModeCommand {
        Command make(Isolation isolation, Boolean readOnly);
    }

    /** Parses transaction modes: ISOLATION LEVEL x, READ ONLY, READ WRITE, [NOT] DEFERRABLE, commas between. */
    private static Command modes(List<String> w, int from, String sql, ModeCommand make) {
        Isolation iso = null;
        Boolean ro = null;
        int i = from;
        while (i < w.size()) {
            String t = w.get(i);
            if (t.equals(",")) {
                i++;
            } else if (t.equals("isolation") && i + 1 < w.size() && w.get(i + 1).equals("level")) {
                int j = i + 2;
                String one = j < w.size() ? w.get(j) : null;
                String two = j + 1 < w.size() ? one + " " + w.get(j + 1) : null;
                String level = "serializable".equals(one) ? one
                    : two != null && (two.equals("repeatable read") || two.equals("read committed")
                    || two.equals("read uncommitted")) ? two : null;
                if (level == null) {
                    throw syntaxAt(sql, one);
                }
                iso = Isolation.parse(level);
                j += level.indexOf(' ') < 0 ? 1 : 2;
                i = j;
            } else if (t.equals("read") && i + 1 < w.size() && (w.get(i + 1).equals("only") || w.get(i + 1).equals("write"))) {
                ro = w.get(i + 1).equals("only");
                i += 2;
            } else if (t.equals("deferrable")) {
                i++;
            } else if (t.equals("not") && i + 1 < w.size() && w.get(i + 1).equals("deferrable")) {
                i += 2;
            } else {
                throw syntaxAt(sql, t);
            }
        }
        return make.make(iso, ro);
    }

    private static Command set(List<String> w, String sql) {
        int i = 1;
        boolean local = false;
        if (i < w.size() && (w.get(i).equals("session") || w.get(i).equals("local"))) {
            local = w.get(i).equals("local");
            i++;
            if (!local && i < w.size() && w.get(i).equals("characteristics")) {
                int j = expect(w, i + 1, "as", sql);
                j = expect(w, j, "transaction", sql);
                return modes(w, j, sql, (iso, ro) -> new Command.SetTransaction(iso, ro, true));
            }
        }
        if (i < w.size() && w.get(i).equals("transaction")) {
            return modes(w, i + 1, sql, (iso, ro) -> new Command.SetTransaction(iso, ro, false));
        }
        if (i + 1 < w.size() && w.get(i).equals("time") && w.get(i + 1).equals("zone")) {
            List<String> rest = Words.rawAfter(sql, "zone");
            String v = String.join(" ", rest);
            return new Command.Set("timezone", v.equalsIgnoreCase("default") || v.equalsIgnoreCase("local") ? null
                : Words.unquote(v), local);
        }
        if (i >= w.size()) {
            throw syntaxAt(sql, null);
        }
        String name = w.get(i);
        if (i + 1 >= w.size() || !(w.get(i + 1).equals("to") || w.get(i + 1).equals("="))) {
            throw syntaxAt(sql, i + 1 < w.size() ? w.get(i + 1) : null);
        }
        List<String> raw = Words.rawValues(sql, name);
        if (raw.isEmpty()) {
            throw syntaxAt(sql, null);
        }
        String value = raw.size() == 1 && raw.get(0).equalsIgnoreCase("default") ? null : String.join(", ",
            raw.stream().map(Words::unquote).toList());
        return new Command.Set(name, value, local);
    }

    private static int skipOptional(List<String> w, int i) {
        return i < w.size() && (w.get(i).equals("transaction") || w.get(i).equals("work")) ? i + 1 : i;
    }

    private static int expect(List<String> w, int i, String word, String sql) {
        if (i >= w.size() || !w.get(i).equals(word)) {
            throw syntaxAt(sql, i < w.size() ? w.get(i) : null);
        }
        return i + 1;
    }

    private static Command only(List<String> w, int i, String sql, Command c) {
        if (i < w.size() && w.get(i).equals("and")) {
            throw unsupported("COMMIT AND CHAIN");
        }
        if (i < w.size()) {
            throw syntaxAt(sql, w.get(i));
        }
        return c;
    }

    static SqlException unsupported(String what) {
        return new SqlException("0A000", what + " is not supported");
    }

    private static SqlException syntaxAt(String sql, String word) {
        if (word == null) {
            return new SqlException("42601", "syntax error at end of input", null, null, Math.max(1, sql.length()), null);
        }
        int at = sql.toLowerCase(Locale.ROOT).indexOf(word.toLowerCase(Locale.ROOT));
        return new SqlException("42601", "syntax error at or near \"" + word + "\"", null, null, at < 0 ? 0 : at + 1, null);
    }

    /** 42601 at the token JSqlParser stopped at in {@code text}, placed and named in {@code sql}, the text as written. */
    private static SqlException syntaxError(String sql, SyntaxRewriter.Rewritten text, ParseException e) {
        Token t = e.currentToken == null ? null : e.currentToken.next;
        if (t == null || t.kind == 0 || t.image == null || t.image.isEmpty()) {
            return new SqlException("42601", "syntax error at end of input", null, null, Math.max(1, sql.length()), null);
        }
        int at = text.originalOffset(offsetOf(text.sql(), t.beginLine, t.beginColumn));
        // A token the rewrite wrote is named by the one the user wrote in its place.
        String near = sql.startsWith(t.image, at) ? t.image : SyntaxRewriter.tokenAt(sql, at);
        return new SqlException("42601", "syntax error at or near \"" + near + "\"", null, null, at + 1, null);
    }

    /** The 0-based character offset of (line, column), both 1-based as JavaCC counts them. */
    private static int offsetOf(String sql, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int nl = sql.indexOf('\n', offset);
            if (nl < 0) {
                break;
            }
            offset = nl + 1;
        }
        return Math.min(sql.length(), offset + Math.max(column, 1) - 1);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Lower-cased words of the statement with punctuation split off; quoted strings kept whole. */
    static final class Words {
        private Words() {
        }

        static List<String> of(String sql) {
            List<String> raw = ofRaw(sql);
            List<String> out = new ArrayList<>(raw.size());
            for (String w : raw) {
                out.add(w.startsWith("'") || w.startsWith("\"") ? w : w.toLowerCase(Locale.ROOT));
            }
            return out;
        }

        /** The tokens in their original case. */
        private static List<String> ofRaw(String sql) {
            List<String> out = new ArrayList<>();
            int i = 0;
            int n = sql.length();
            while (i < n) {
                char c = sql.charAt(i);
                if (Character.isWhitespace(c) || c == ';') {
                    i++;
                } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                    int eol = sql.indexOf('\n', i);
                    i = eol < 0 ? n : eol + 1;
                } else if (c == '\'' || c == '"') {
                    int j = i + 1;
                    while (j < n && (sql.charAt(j) != c || (j + 1 < n && sql.charAt(j + 1) == c && j++ >= 0))) {
                        j++;
                    }
                    out.add(sql.substring(i, Math.min(n, j + 1)));
                    i = j + 1;
                } else if (c == ',' || c == '=') {
                    out.add(String.valueOf(c));
                    i++;
                } else {
                    int j = i;
                    while (j < n && !Character.isWhitespace(sql.charAt(j)) && ",=;'\"".indexOf(sql.charAt(j)) < 0) {
                        j++;
                    }
                    out.add(sql.substring(i, j));
                    i = j;
                }
            }
            return out;
        }

        /** The original-case tokens after the first occurrence of the word {@code after}. */
        static List<String> rawAfter(String sql, String after) {
            List<String> lower = of(sql);
            List<String> raw = ofRaw(sql);
            int at = lower.indexOf(after);
            return at < 0 ? List.of() : raw.subList(at + 1, raw.size());
        }

        /** The values after "name TO|=" in original case, commas removed. */
        static List<String> rawValues(String sql, String name) {
            List<String> lower = of(sql);
            List<String> raw = ofRaw(sql);
            int at = lower.indexOf(name);
            List<String> out = new ArrayList<>();
            for (int i = at + 2; i < raw.size(); i++) {
                if (!raw.get(i).equals(",")) {
                    out.add(raw.get(i));
                }
            }
            return out;
        }

        static String unquote(String v) {
            if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)) {
                String q = String.valueOf(v.charAt(0));
                return v.substring(1, v.length() - 1).replace(q + q, q);
            }
            return v;
        }
    }
}
