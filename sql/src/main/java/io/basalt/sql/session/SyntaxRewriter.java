package io.basalt.sql.session;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.session.SqlLexer.Kind;
import io.basalt.sql.session.SqlLexer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites the PostgreSQL syntax JSqlParser does not read into forms it does, token by token,
 * so strings, quoted names and comments are never touched ({@link SqlLexer}):
 * <ul>
 * <li>{@code a ~~ b}, {@code ~~*}, {@code !~~}, {@code !~~*} become {@code (a LIKE b)},
 *     ILIKE, NOT LIKE, NOT ILIKE;
 * <li>{@code a ^@ b} becomes {@code starts_with(a, b)};
 * <li>the prefix {@code |/ a} and {@code ||/ a} become {@code dsqrt(a)} and {@code dcbrt(a)};
 * <li>a sign after a sign, {@code - - 5}, becomes {@code - (- 5)};
 * <li>{@code a ^ b} goes in parentheses, so that it binds more tightly than {@code *};
 * <li>{@code a OPERATOR(pg_catalog.~) b}, the qualified operator psql writes, becomes
 *     {@code a ~ b} (and is then rewritten like the bare operator): every operator is in
 *     {@code pg_catalog};
 * <li>{@code INTERVAL '3' DAY} becomes {@code INTERVAL '3 day'};
 * <li>{@code COLLATE pg_catalog.name} becomes {@code COLLATE "name"}: JSqlParser reads the
 *     qualified name as a field of a row;
 * <li>{@code substring(s FOR n)} becomes {@code substring(s FROM 1 FOR CAST(n AS integer))}
 *     and {@code substring(s FOR n FROM m)} becomes {@code substring(s FROM m FOR n)}, as
 *     PostgreSQL's grammar reads them.
 * </ul>
 * The functions are the ones PostgreSQL's catalog implements these operators with, so they
 * take the same argument types; being calls, though, they name an unaliased column after the
 * function where PostgreSQL says {@code ?column?}. The operands are found by PostgreSQL's
 * precedence ({@link OperandBounds}); an operator whose operands cannot be found is 42601 at
 * the operator. The result maps each of its characters back to the statement as written, so
 * that positions JSqlParser reports can be given in the user's text.
 */
final class SyntaxRewriter {
    /**
     * A token of the text JSqlParser will read, with the whitespace and comments before it.
     * {@code at} is its offset in the statement as written; a token the rewrite wrote
     * ({@code written}) has the offset of the token it stands for.
     */
    record Piece(Kind kind, String text, int at, boolean written, String gap) {
        /** Whether this is {@code s}: a keyword in any case, anything else exactly. */
        boolean is(String s) {
            return kind == Kind.WORD ? text.equalsIgnoreCase(s) : text.equals(s);
        }

        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    /** The text JSqlParser reads and, for each of its offsets and its end, the offset in the statement as written. */
    record Rewritten(String sql, int[] origins) {
        /** The 0-based offset in the statement as written of character {@code offset} of {@link #sql}. */
        int originalOffset(int offset) {
            return origins == null ? offset : origins[Math.max(0, Math.min(offset, origins.length - 1))];
        }
    }

    private final String sql;
    private final List<Piece> pieces = new ArrayList<>();
    private final OperandBounds bounds = new OperandBounds(pieces);
    private boolean changed;
    /** The end, in the statement as written, of the tokens a rewrite dropped: text after it is kept. */
    private int droppedEnd;

    private SyntaxRewriter(String sql, List<Token> tokens) {
        this.sql = sql;
        int gapStart = 0;
        for (Token t : tokens) {
            pieces.add(new Piece(t.kind(), sql.substring(t.start(), t.end()), t.start(), false,
                sql.substring(gapStart, t.start())));
            gapStart = t.end();
        }
    }

    /** {@code sql} as JSqlParser can read it; the same text when nothing needs rewriting. */
    static Rewritten rewrite(String sql) {
        SyntaxRewriter r = new SyntaxRewriter(sql, SqlLexer.tokens(sql));
        for (int i = 0; i < r.pieces.size(); i++) {
            r.rewriteAt(i);
        }
        return r.changed ? r.output() : new Rewritten(sql, null);
    }

    /** The text of the token of {@code sql} at {@code offset}, for an error message. */
    static String tokenAt(String sql, int offset) {
        for (Token t : SqlLexer.tokens(sql)) {
            if (t.start() <= offset && offset < t.end()) {
                return sql.substring(t.start(), t.end());
            }
        }
        return "";
    }

    /**
     * Rewrites the construct at token {@code i}, if it is one. What the rewrite writes is never
     * rewritten again, so the ^ it keeps in place is not taken for another.
     */
    private void rewriteAt(int i) {
        Piece p = pieces.get(i);
        if (p.written()) {
            return;
        }
        if (p.is("substring") && i + 1 < pieces.size() && pieces.get(i + 1).is("(")
            && (i == 0 || !pieces.get(i - 1).is("."))) {
            substring(i);
            return;
        }
        if (p.is("collate") && i + 3 < pieces.size() && pieces.get(i + 1).is("pg_catalog")
            && pieces.get(i + 2).is(".") && pieces.get(i + 3).kind() == Kind.WORD) {
            Piece name = pieces.get(i + 3);
            String quoted = name.text().startsWith("\"") ? name.text() : "\"" + name.lower() + "\"";
            pieces.subList(i + 1, i + 3).clear();
            replace(i + 1, List.of(new Piece(Kind.WORD, quoted, name.at(), true, "")));
            return;
        }
        if (p.is("operator") && i + 1 < pieces.size() && pieces.get(i + 1).is("(")
            && (i == 0 || !pieces.get(i - 1).is("."))) {
            if (qualifiedOperator(i)) {
                rewriteAt(i);
            }
            return;
        }
        if (p.is("interval") && i + 2 < pieces.size() && pieces.get(i + 1).kind() == Kind.STRING
            && INTERVAL_FIELDS.contains(pieces.get(i + 2).lower()) && (i == 0 || !pieces.get(i - 1).is("."))) {
            intervalField(i + 1);
            return;
        }
        if (p.kind() != Kind.OPERATOR) {
            return;
        }
        switch (p.text()) {
            case "~~" -> infix(i, "LIKE");
            case "~~*" -> infix(i, "ILIKE");
            case "!~~" -> infix(i, "NOT", "LIKE");
            case "!~~*" -> infix(i, "NOT", "ILIKE");
            case "^@" -> call(i, "starts_with");
            case "|/" -> prefix(i, "dsqrt");
            case "||/" -> prefix(i, "dcbrt");
            case "^" -> power(i);
            case "+", "-" -> doubleSign(i);
            default -> {
            }
        }
    }

    /**
     * {@code INTERVAL 'n' unit} becomes {@code INTERVAL 'n unit'} for an integer n, which
     * is what PostgreSQL reads it as; JSqlParser would take the unit for a column alias. A field
     * qualifier over other text (a fraction too: {@code INTERVAL '1.5' MINUTE} drops the seconds), or a range ({@code DAY TO SECOND}), would restrict the value
     * and is 0A000.
     */
    private void intervalField(int string) {
        Piece s = pieces.get(string);
        Piece unit = pieces.get(string + 1);
        boolean range = string + 2 < pieces.size() && pieces.get(string + 2).is("to");
        String body = s.text().startsWith("'") && s.text().endsWith("'") && s.text().length() >= 2
            ? s.text().substring(1, s.text().length() - 1).replace("''", "'").strip() : null;
        if (range || body == null || !body.matches("[+-]?\\d+")) {
            throw new SqlException("0A000", "interval field qualifiers are not supported");
        }
        pieces.remove(string + 1);
        droppedEnd = Math.max(droppedEnd, unit.at() + unit.text().length());
        replace(string, List.of(new Piece(Kind.STRING, "'" + body + " " + unit.lower() + "'", s.at(), true, s.gap())));
    }

    private static final java.util.Set<String> INTERVAL_FIELDS = java.util.Set.of(
        "year", "month", "day", "hour", "minute", "second");

    /** {@code a OP b} becomes {@code (a words b)}: LIKE binds less tightly than the operator it replaces. */
    private void infix(int op, String... words) {
        int left = bounds.start(op, true);
        int right = bounds.end(op + 1, true);
        if (left < 0 || right < 0) {
            throw missingOperand(op);
        }
        Piece o = pieces.get(op);
        pieces.add(right + 1, written(")", o));
        replace(op, Arrays.stream(words).map(w -> written(w, o)).toList());
        insertBefore(left, "(");
    }

    /** {@code a OP b} becomes {@code function(a, b)}. */
    private void call(int op, String function) {
        int left = bounds.start(op, true);
        int right = bounds.end(op + 1, true);
        if (left < 0 || right < 0) {
            throw missingOperand(op);
        }
        Piece o = pieces.get(op);
        pieces.add(right + 1, written(")", o));
        replace(op, List.of(written(",", o)));
        insertBefore(left, function, "(");
    }

    /** The prefix {@code OP a} becomes {@code function(a)}. */
    private void prefix(int op, String function) {
        int right = bounds.isOperandPosition(op) ? bounds.end(op + 1, true) : -1;
        if (right < 0) {
            throw missingOperand(op);
        }
        Piece o = pieces.get(op);
        pieces.add(right + 1, written(")", o));
        replace(op, List.of(written(function, o), written("(", o)));
    }

    /**
     * {@code a ^ b} goes in parentheses: JSqlParser binds ^ less tightly than * and +, while
     * PostgreSQL binds it more tightly. Operands not found are left for JSqlParser to judge.
     */
    private void power(int op) {
        int left = bounds.start(op, false);
        int right = bounds.end(op + 1, false);
        if (left >= 0 && right >= 0) {
            Piece o = pieces.get(op);
            pieces.add(right + 1, written(")", o));
            replace(op, List.of(written("^", o)));
            insertBefore(left, "(");
        }
    }

    /** A sign followed by a sign: the second one and its operand go in parentheses. */
    private void doubleSign(int sign) {
        int next = sign + 1;
        if (next >= pieces.size() || !(pieces.get(next).is("-") || pieces.get(next).is("+"))) {
            return;
        }
        int right = bounds.end(next, false);
        if (right < 0) {
            return;
        }
        pieces.add(right + 1, written(")", pieces.get(next)));
        insertBefore(next, "(");
    }

    /**
     * {@code OPERATOR(schema.op)} or {@code OPERATOR(op)} at {@code at} becomes the bare
     * operator; true when it did. A schema other than pg_catalog is 42P06's "schema does not
     * exist", as no other schema has operators.
     */
    private boolean qualifiedOperator(int at) {
        int close = bounds.closing(at + 1);
        if (close < 0) {
            return false;
        }
        StringBuilder text = new StringBuilder();
        for (int j = at + 2; j < close; j++) {
            text.append(pieces.get(j).text());
        }
        String op = text.toString();
        int dot = op.indexOf('.');
        if (dot > 0 && Character.isLetter(op.charAt(0))) {
            String schema = op.substring(0, dot).toLowerCase(Locale.ROOT);
            if (!schema.equals("pg_catalog")) {
                throw new SqlException("3F000", "schema \"" + schema + "\" does not exist");
            }
            op = op.substring(dot + 1);
        }
        if (op.isEmpty() || Character.isLetterOrDigit(op.charAt(0))) {
            return false;
        }
        Piece old = pieces.get(at);
        pieces.subList(at, close + 1).clear();
        pieces.add(at, new Piece(Kind.OPERATOR, op, old.at(), false, old.gap()));
        changed = true;
        return true;
    }

    /** substring(s FOR n) and substring(s FOR n FROM m), which JSqlParser does not read. */
    private void substring(int name) {
        int close = bounds.closing(name + 1);
        int from = -1;
        int count = -1;
        int depth = 0;
        for (int j = name + 2; j < close; j++) {
            Piece q = pieces.get(j);
            if (q.is("(") || q.is("[")) {
                depth++;
            } else if (q.is(")") || q.is("]")) {
                depth--;
            } else if (depth == 0 && q.is("similar")) {
                return;
            } else if (depth == 0 && q.is("from") && from < 0) {
                from = j;
            } else if (depth == 0 && q.is("for") && count < 0) {
                count = j;
            }
        }
        if (count <= name + 2 || count + 1 >= close) {
            return;
        }
        if (from < 0) {
            // PostgreSQL casts the count to integer here, so that substring(text, integer) is the one chosen.
            Piece f = pieces.get(count);
            pieces.addAll(close, List.of(written("AS", f), written("integer", f), written(")", f)));
            pieces.addAll(count + 1, List.of(written("CAST", f), written("(", f)));
            pieces.addAll(count, List.of(written("FROM", f), written("1", f)));
            changed = true;
        } else if (from > count + 1 && from + 1 < close) {
            List<Piece> forPart = new ArrayList<>(pieces.subList(count, from));
            List<Piece> fromPart = new ArrayList<>(pieces.subList(from, close));
            pieces.subList(count, close).clear();
            pieces.addAll(count, forPart);
            pieces.addAll(count, fromPart);
            changed = true;
        }
    }

    /** Puts {@code with} where the token at {@code i} was; the first of them keeps the whitespace before it. */
    private void replace(int i, List<Piece> with) {
        Piece old = pieces.remove(i);
        Piece first = with.get(0);
        pieces.add(i, new Piece(first.kind(), first.text(), old.at(), true, old.gap()));
        pieces.addAll(i + 1, with.subList(1, with.size()));
        changed = true;
    }

    /** Writes {@code texts} before the token at {@code i}, which they take the whitespace before and the offset of. */
    private void insertBefore(int i, String... texts) {
        Piece p = pieces.get(i);
        pieces.set(i, new Piece(p.kind(), p.text(), p.at(), p.written(), ""));
        for (int k = texts.length - 1; k >= 0; k--) {
            Piece w = written(texts[k], p);
            pieces.add(i, k == 0 ? new Piece(w.kind(), w.text(), w.at(), true, p.gap()) : w);
        }
        changed = true;
    }

    private static Piece written(String text, Piece standsFor) {
        Kind kind = switch (text) {
            case "(", ")", "," -> Kind.PUNCT;
            case "^" -> Kind.OPERATOR;
            case "1" -> Kind.NUMBER;
            default -> Kind.WORD;
        };
        return new Piece(kind, text, standsFor.at(), true, "");
    }

    /** 42601 at the operator at {@code op}, or at the end when nothing follows it. */
    private SqlException missingOperand(int op) {
        if (op == pieces.size() - 1) {
            return new SqlException("42601", "syntax error at end of input", null, null, Math.max(1, sql.length()), null);
        }
        Piece p = pieces.get(op);
        return new SqlException("42601", "syntax error at or near \"" + p.text() + "\"", null, null, p.at() + 1, null);
    }

    private Rewritten output() {
        Output out = new Output();
        Piece prev = null;
        int end = 0;
        for (Piece p : pieces) {
            out.append(p.gap(), p.at() - p.gap().length(), false);
            boolean adjacent = prev != null && !prev.written() && !p.written()
                && prev.at() + prev.text().length() == p.at();
            if (prev != null && p.gap().isEmpty() && !adjacent && !separates(prev.text()) && !separates(p.text())) {
                // Tokens that met only through the rewrite must not run together ("- -" into a comment).
                out.append(" ", p.at(), true);
            }
            out.append(p.text(), p.at(), p.written());
            if (!p.written()) {
                end = Math.max(end, p.at() + p.text().length());
            }
            prev = p;
        }
        end = Math.max(end, droppedEnd);
        out.append(sql.substring(end), end, false);
        return out.done(sql.length());
    }

    private static boolean separates(String token) {
        return token.equals("(") || token.equals(")") || token.equals(",");
    }

    /** The rewritten text being built, with the origin of each character. */
    private static final class Output {
        private final StringBuilder text = new StringBuilder();
        private int[] origins = new int[64];

        /** Appends {@code s}, whose characters came from {@code at} on, or all from {@code at} when {@code written}. */
        void append(String s, int at, boolean written) {
            for (int k = 0; k < s.length(); k++) {
                if (text.length() + 1 >= origins.length) {
                    origins = Arrays.copyOf(origins, origins.length * 2);
                }
                origins[text.length()] = written ? at : at + k;
                text.append(s.charAt(k));
            }
        }

        Rewritten done(int originalLength) {
            int[] o = Arrays.copyOf(origins, text.length() + 1);
            o[text.length()] = originalLength;
            return new Rewritten(text.toString(), o);
        }
    }
}
