package io.basalt.sql.session;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.copy.CopyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a COPY statement, in PostgreSQL's option-list form ({@code WITH (FORMAT csv, HEADER)})
 * and in the older keyword form psql's \copy and old scripts send ({@code CSV HEADER},
 * {@code DELIMITER AS ','}, {@code NULL AS ''}):
 * <pre>
 * COPY name [(column, ...)] FROM {STDIN | 'file' | PROGRAM 'command'} [[WITH] options]
 * COPY {name [(column, ...)] | (query)} TO {STDOUT | 'file' | PROGRAM 'command'} [[WITH] options]
 * </pre>
 * Only the words are read here; whether the table and columns exist is for the statement's run.
 */
final class CopyParser {
    private final String sql;
    private final List<SqlLexer.Token> tokens;
    private int at;

    private CopyParser(String sql) {
        this.sql = sql;
        List<SqlLexer.Token> all = SqlLexer.tokens(sql);
        int n = all.size();
        while (n > 0 && text(all.get(n - 1)).equals(";")) {
            n--;
        }
        this.tokens = all.subList(0, n);
    }

    /** The COPY {@code sql} is; 42601 when it is not one. */
    static Command.Copy parse(String sql) {
        return new CopyParser(sql).copy();
    }

    private Command.Copy copy() {
        expectWord("copy");
        if (peekWord("binary")) {
            throw new SqlException("0A000", "COPY format \"binary\" is not supported");
        }
        String schema = null;
        String table = null;
        String query = null;
        List<String> columns = List.of();
        if (peek("(")) {
            query = parenthesised();
        } else {
            table = name();
            if (peek(".")) {
                at++;
                schema = table;
                table = name();
            }
            if (peek("(")) {
                columns = columnList();
            }
        }
        boolean from;
        if (peekWord("from")) {
            from = true;
        } else if (peekWord("to")) {
            from = false;
        } else {
            throw syntaxError();
        }
        at++;
        if (from && query != null) {
            throw syntaxAt(tokens.get(at - 1));
        }
        Command.Copy.Endpoint endpoint = endpoint(from);
        CopyOptions.Builder options = new CopyOptions.Builder();
        if (peekWord("with")) {
            at++;
        }
        if (peek("(")) {
            optionList(options);
        } else {
            oldOptions(options);
        }
        if (peekWord("where")) {
            throw new SqlException("0A000", "COPY FROM ... WHERE is not supported");
        }
        if (at < tokens.size()) {
            throw syntaxError();
        }
        return new Command.Copy(schema, table, columns, query, from, endpoint, options.build(from));
    }

    private Command.Copy.Endpoint endpoint(boolean from) {
        if (at >= tokens.size()) {
            throw syntaxError();
        }
        SqlLexer.Token t = tokens.get(at++);
        String w = text(t).toLowerCase(Locale.ROOT);
        if (t.kind() == SqlLexer.Kind.WORD && w.equals(from ? "stdin" : "stdout")) {
            return Command.Copy.Endpoint.CLIENT;
        }
        if (t.kind() == SqlLexer.Kind.STRING) {
            return Command.Copy.Endpoint.FILE;
        }
        if (t.kind() == SqlLexer.Kind.WORD && w.equals("program") && at < tokens.size()
            && tokens.get(at).kind() == SqlLexer.Kind.STRING) {
            at++;
            return Command.Copy.Endpoint.PROGRAM;
        }
        throw syntaxAt(t);
    }

    /** {@code (name [value], ...)}: a value is a word, a string, a number, {@code *} or a parenthesised list. */
    private void optionList(CopyOptions.Builder options) {
        at++;
        while (true) {
            if (at >= tokens.size()) {
                throw syntaxError();
            }
            SqlLexer.Token nameToken = tokens.get(at++);
            if (nameToken.kind() != SqlLexer.Kind.WORD) {
                throw syntaxAt(nameToken);
            }
            String name = text(nameToken).toLowerCase(Locale.ROOT);
            String value = null;
            if (peek("(")) {
                value = parenthesised();
            } else if (at < tokens.size() && !peek(",") && !peek(")")) {
                value = value(tokens.get(at++));
            }
            options.option(name, value);
            if (peek(",")) {
                at++;
            } else if (peek(")")) {
                at++;
                return;
            } else {
                throw syntaxError();
            }
        }
    }

    /** The keyword options of PostgreSQL before 9.0, which psql's \copy passes on as written. */
    private void oldOptions(CopyOptions.Builder options) {
        while (at < tokens.size() && tokens.get(at).kind() == SqlLexer.Kind.WORD && !peekWord("where")) {
            String w = text(tokens.get(at++)).toLowerCase(Locale.ROOT);
            switch (w) {
                case "binary" -> options.option("format", "binary");
                case "csv" -> options.option("format", "csv");
                case "header" -> options.option("header", null);
                case "freeze" -> options.option("freeze", null);
                case "delimiter", "null", "quote", "escape", "encoding" -> {
                    if (peekWord("as")) {
                        at++;
                    }
                    if (at >= tokens.size() || tokens.get(at).kind() != SqlLexer.Kind.STRING) {
                        throw syntaxError();
                    }
                    options.option(w, value(tokens.get(at++)));
                }
                case "force" -> throw new SqlException("0A000", "COPY FORCE options are not supported");
                case "oids" -> throw new SqlException("0A000", "COPY OIDS is not supported");
                default -> throw syntaxAt(tokens.get(at - 1));
            }
        }
    }

    private List<String> columnList() {
        at++;
        List<String> out = new ArrayList<>();
        while (true) {
            out.add(name());
            if (peek(",")) {
                at++;
            } else if (peek(")")) {
                at++;
                return out;
            } else {
                throw syntaxError();
            }
        }
    }

    /** The text between the parenthesis at {@code at} and the one closing it. */
    private String parenthesised() {
        int open = at;
        int depth = 0;
        for (; at < tokens.size(); at++) {
            String t = text(tokens.get(at));
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")") && --depth == 0) {
                at++;
                return sql.substring(tokens.get(open).end(), tokens.get(at - 1).start()).strip();
            }
        }
        throw new SqlException("42601", "syntax error at end of input", null, null, Math.max(1, sql.length()), null);
    }

    /** A name: an unquoted word folded to lower case, or a quoted name as written. */
    private String name() {
        if (at >= tokens.size()) {
            throw syntaxError();
        }
        SqlLexer.Token t = tokens.get(at++);
        String s = text(t);
        return switch (t.kind()) {
            case WORD -> s.toLowerCase(Locale.ROOT);
            case QUOTED_NAME -> s.substring(1, s.length() - 1).replace("\"\"", "\"");
            default -> throw syntaxAt(t);
        };
    }

    private String value(SqlLexer.Token t) {
        String s = text(t);
        return switch (t.kind()) {
            case STRING -> stringConstant(s);
            case WORD, NUMBER -> s;
            case QUOTED_NAME -> s.substring(1, s.length() - 1).replace("\"\"", "\"");
            default -> {
                if (s.equals("*")) {
                    yield s;
                }
                throw syntaxAt(t);
            }
        };
    }

    /** The value of a string constant: '...' with '' for a quote, or E'...' with backslash escapes. */
    static String stringConstant(String token) {
        char first = token.charAt(0);
        if (first != '\'' && first != 'e' && first != 'E') {
            throw new SqlException("0A000", "this kind of string constant is not supported in COPY options: " + token);
        }
        boolean escapes = first != '\'';
        String body = token.substring(escapes ? 2 : 1, Math.max(escapes ? 2 : 1, token.length() - 1));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                out.append('\'');
                i++;
            } else if (escapes && c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'x' -> {
                        int v = 0;
                        int k = 0;
                        while (k < 2 && i + 1 < body.length() && Character.digit(body.charAt(i + 1), 16) >= 0) {
                            v = v * 16 + Character.digit(body.charAt(++i), 16);
                            k++;
                        }
                        out.append(k == 0 ? 'x' : (char) v);
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            for (int k = 0; k < 2 && i + 1 < body.length() && body.charAt(i + 1) >= '0'
                                && body.charAt(i + 1) <= '7'; k++) {
                                v = v * 8 + (body.charAt(++i) - '0');
                            }
                            out.append((char) v);
                        } else {
                            out.append(e);
                        }
                    }
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private boolean peek(String punct) {
        return at < tokens.size() && tokens.get(at).kind() != SqlLexer.Kind.STRING
            && tokens.get(at).kind() != SqlLexer.Kind.QUOTED_NAME && text(tokens.get(at)).equals(punct);
    }

    private boolean peekWord(String word) {
        return at < tokens.size() && tokens.get(at).kind() == SqlLexer.Kind.WORD
            && text(tokens.get(at)).equalsIgnoreCase(word);
    }

    private void expectWord(String word) {
        if (!peekWord(word)) {
            throw syntaxError();
        }
        at++;
    }

    private String text(SqlLexer.Token t) {
        return sql.substring(t.start(), t.end());
    }

    private SqlException syntaxError() {
        if (at >= tokens.size()) {
            return new SqlException("42601", "syntax error at end of input", null, null, Math.max(1, sql.length()), null);
        }
        return syntaxAt(tokens.get(at));
    }

    private SqlException syntaxAt(SqlLexer.Token t) {
        return new SqlException("42601", "syntax error at or near \"" + text(t) + "\"", null, null, t.start() + 1, null);
    }
}
