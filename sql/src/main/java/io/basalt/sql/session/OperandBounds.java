package io.basalt.sql.session;

import io.basalt.sql.session.SqlLexer.Kind;
import io.basalt.sql.session.SyntaxRewriter.Piece;
import java.util.List;
import java.util.Set;

/**
 * Where an operand of an operator begins and ends in a statement's tokens, by PostgreSQL's
 * precedence (gram.y). From tightest: {@code . :: [ ]}, unary {@code + -}, COLLATE, AT TIME
 * ZONE, {@code ^}, {@code * / %}, binary {@code + -}, then every other operator ({@code ||},
 * {@code ~~}, {@code ^@}, the prefix {@code |/}...) at one level, left-associative, then LIKE,
 * comparisons, IS, NOT, AND and OR. So {@code |/ 16 + 9} is {@code |/ (16 + 9)},
 * {@code 'a' || 'b' ~~ 'ab'} is {@code ('a' || 'b') ~~ 'ab'} and {@code 2 * -3 ^ 2} is
 * {@code 2 * ((-3) ^ 2)}.
 *
 * <p>An operand is one or more atoms (a constant, a name, a parameter, a parenthesised
 * group, a function call, CASE ... END, a typed constant such as {@code date '2024-01-01'})
 * with their postfix parts and the operators that bind tighter. Keywords that end an
 * expression (FROM, AND, THEN...) are never part of one. Returns -1 where no operand fits.
 */
final class OperandBounds {
    /**
     * Keywords that cannot be, or start, an operand: they end or separate expressions. LEFT and
     * RIGHT are not among them, being functions too.
     */
    private static final Set<String> STOP_WORDS = Set.of(
        "all", "and", "any", "as", "asc", "between", "both", "by", "case", "check", "collate", "constraint",
        "create", "cross", "default", "delete", "desc", "distinct", "do", "else", "end", "escape", "except",
        "fetch", "for", "from", "full", "group", "having", "ilike", "in", "inner", "insert", "intersect",
        "into", "is", "isnull", "join", "lateral", "leading", "like", "limit", "natural", "not", "notnull",
        "offset", "on", "or", "order", "outer", "placing", "returning", "select", "set", "similar", "some",
        "symmetric", "table", "then", "to", "trailing", "union", "update", "using", "values", "when",
        "where", "window", "with");
    /** Adjacent words of multi-word type names: double precision, timestamp with time zone... */
    private static final Set<String> TYPE_WORD_PAIRS = Set.of(
        "double precision", "character varying", "char varying", "bit varying", "national character",
        "national char", "timestamp with", "timestamp without", "time with", "time without", "with time",
        "without time", "time zone");
    private static final Set<String> COMPARISONS = Set.of("=", "<", ">", "<=", ">=", "<>", "!=", "=>");
    private static final Set<String> TIGHTER_BINARY = Set.of("+", "-", "*", "/", "%", "^");

    private final List<Piece> pieces;

    OperandBounds(List<Piece> pieces) {
        this.pieces = pieces;
    }

    /**
     * The last token of the operand starting at {@code from}. {@code wide}: the operand of an
     * operator at the "any other operator" level, which takes the tighter binary operators;
     * otherwise the operand of a unary sign or of {@code ^}, which takes only signs and postfix
     * parts.
     */
    int end(int from, boolean wide) {
        int i = prefixesEnd(from);
        boolean w = wide || i > from && !onlySigns(from, i);
        int last = atomEnd(i);
        while (last >= 0) {
            int next = last + 1;
            int postfix = postfixEnd(next, w);
            if (postfix >= 0) {
                last = postfix;
            } else if (w && isOperator(next) && TIGHTER_BINARY.contains(pieces.get(next).text())) {
                last = atomEnd(prefixesEnd(next + 1));
            } else if (w && isAtTimeZone(next)) {
                last = atomEnd(prefixesEnd(next + 3));
            } else {
                break;
            }
        }
        return last;
    }

    /**
     * The first token of the left operand of the binary operator at {@code op}. {@code wide}:
     * an operator at the "any other operator" level, whose left operand takes every binary
     * operator but comparisons (they are left-associative); otherwise {@code ^}, whose left
     * operand takes only unary signs and postfix parts.
     */
    int start(int op, boolean wide) {
        int start = atomStart(op - 1);
        if (start < 0) {
            return -1;
        }
        boolean needAtom = false;
        int i = start - 1;
        while (i >= 0) {
            Piece p = pieces.get(i);
            if (isOperator(i) && !COMPARISONS.contains(p.text())) {
                if (!wide && !(isSign(i) && isOperandPosition(i))) {
                    break;
                }
                // A binary operator with more operand to its left, or a prefix operator starting it.
                start = i;
                i--;
                needAtom = wide;
            } else if (needAtom) {
                int first = atomStart(i);
                if (first < 0) {
                    break;
                }
                start = first;
                i = first - 1;
                needAtom = false;
            } else if (p.is(".") || p.is("::") || p.is("collate")) {
                i--;
                needAtom = true;
            } else if (i >= 2 && p.is("zone") && pieces.get(i - 1).is("time") && pieces.get(i - 2).is("at")) {
                i -= 3;
                needAtom = true;
            } else if (isTypeWordPair(p, pieces.get(start))
                || p.kind() == Kind.WORD && !isStop(p) && pieces.get(start).kind() == Kind.STRING) {
                start = i;
                i--;
            } else {
                break;
            }
        }
        return start;
    }

    /** True when an operator at {@code i} stands where an operand begins, so it is a prefix operator. */
    boolean isOperandPosition(int i) {
        if (i == 0) {
            return true;
        }
        Piece p = pieces.get(i - 1);
        return switch (p.kind()) {
            case OPERATOR -> true;
            case PUNCT -> p.is("(") || p.is("[") || p.is(",");
            case WORD -> isStop(p) && !p.is("end");
            default -> false;
        };
    }

    /** The token closing the bracket (or CASE) at {@code i}, or -1. */
    int closing(int i) {
        String open = pieces.get(i).text();
        boolean isCase = pieces.get(i).is("case");
        int depth = 0;
        for (int j = i; j < pieces.size(); j++) {
            Piece p = pieces.get(j);
            if (isCase ? p.is("case") : p.is("(") || p.is("[")) {
                depth++;
            } else if (isCase ? p.is("end") : p.is(")") || p.is("]")) {
                depth--;
                if (depth == 0) {
                    return isCase || matches(open, p.text()) ? j : -1;
                }
            }
        }
        return -1;
    }

    private int opening(int i) {
        boolean isEnd = pieces.get(i).is("end");
        int depth = 0;
        for (int j = i; j >= 0; j--) {
            Piece p = pieces.get(j);
            if (isEnd ? p.is("end") : p.is(")") || p.is("]")) {
                depth++;
            } else if (isEnd ? p.is("case") : p.is("(") || p.is("[")) {
                depth--;
                if (depth == 0) {
                    return isEnd || matches(p.text(), pieces.get(i).text()) ? j : -1;
                }
            }
        }
        return -1;
    }

    private static boolean matches(String open, String close) {
        return open.equals("(") == close.equals(")");
    }

    private int prefixesEnd(int i) {
        while (i < pieces.size() && isOperator(i) && !COMPARISONS.contains(pieces.get(i).text())) {
            i++;
        }
        return i;
    }

    private boolean onlySigns(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isSign(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean isSign(int i) {
        return isOperator(i) && (pieces.get(i).is("+") || pieces.get(i).is("-"));
    }

    /** The last token of the atom starting at {@code i}, without postfix parts. */
    private int atomEnd(int i) {
        if (i >= pieces.size()) {
            return -1;
        }
        Piece p = pieces.get(i);
        return switch (p.kind()) {
            case STRING, NUMBER, PARAM -> i;
            case QUOTED_NAME -> callEnd(i);
            case PUNCT -> p.is("(") ? closing(i) : -1;
            case WORD -> {
                if (p.is("case")) {
                    yield closing(i);
                }
                if (isStop(p)) {
                    yield -1;
                }
                if (isKind(i + 1, Kind.STRING)) {
                    yield i + 1;
                }
                yield p.is("array") && i + 1 < pieces.size() && pieces.get(i + 1).is("[") ? closing(i + 1) : callEnd(i);
            }
            case OPERATOR -> -1;
        };
    }

    /** A name, or a function call with its FILTER (...) and OVER (...) when a parenthesis follows. */
    private int callEnd(int name) {
        if (!isPunct(name + 1, "(")) {
            return name;
        }
        int end = closing(name + 1);
        while (end >= 0 && (isWord(end + 1, "filter") || isWord(end + 1, "over")) && isPunct(end + 2, "(")) {
            end = closing(end + 2);
        }
        return end;
    }

    /** The end of a postfix part at {@code i} (.name, ::type, [subscript], wide: COLLATE name), or -1. */
    private int postfixEnd(int i, boolean wide) {
        if (i >= pieces.size()) {
            return -1;
        }
        Piece p = pieces.get(i);
        if (p.is(".") && i + 1 < pieces.size()) {
            Piece name = pieces.get(i + 1);
            return name.kind() == Kind.WORD || name.kind() == Kind.QUOTED_NAME || name.is("*") ? i + 1 : -1;
        }
        if (p.is("[")) {
            return closing(i);
        }
        if (p.is("::")) {
            return typeEnd(i + 1);
        }
        if (wide && p.is("collate") && (isKind(i + 1, Kind.WORD) || isKind(i + 1, Kind.QUOTED_NAME))) {
            return isPunct(i + 2, ".") ? i + 3 : i + 1;
        }
        return -1;
    }

    /** The last token of the type name starting at {@code i}, with its modifiers; array brackets are subscripts. */
    private int typeEnd(int i) {
        if (!isKind(i, Kind.WORD) && !isKind(i, Kind.QUOTED_NAME)) {
            return -1;
        }
        int end = isPunct(i + 1, ".") ? i + 2 : i;
        while (end + 1 < pieces.size() && isTypeWordPair(pieces.get(end), pieces.get(end + 1))) {
            end++;
        }
        return isPunct(end + 1, "(") ? closing(end + 1) : end;
    }

    /** The first token of the atom ending at {@code i}: back over a group to its function name, or CASE ... END. */
    private int atomStart(int i) {
        if (i < 0) {
            return -1;
        }
        Piece p = pieces.get(i);
        return switch (p.kind()) {
            case STRING, NUMBER, PARAM, QUOTED_NAME -> i;
            case WORD -> p.is("end") ? opening(i) : isStop(p) ? -1 : i;
            case PUNCT -> {
                if (!p.is(")") && !p.is("]")) {
                    yield -1;
                }
                int open = opening(i);
                if (open < 0) {
                    yield -1;
                }
                if (p.is("]")) {
                    yield atomStart(open - 1);
                }
                if (isWord(open - 1, "filter") || isWord(open - 1, "over")) {
                    yield atomStart(open - 2);
                }
                boolean named = isKind(open - 1, Kind.QUOTED_NAME)
                    || isKind(open - 1, Kind.WORD) && !isStop(pieces.get(open - 1));
                yield named ? open - 1 : open;
            }
            case OPERATOR -> -1;
        };
    }

    private boolean isAtTimeZone(int i) {
        return isWord(i, "at") && isWord(i + 1, "time") && isWord(i + 2, "zone");
    }

    private static boolean isStop(Piece p) {
        return p.kind() == Kind.WORD && STOP_WORDS.contains(p.lower());
    }

    private static boolean isTypeWordPair(Piece first, Piece second) {
        return first.kind() == Kind.WORD && second.kind() == Kind.WORD
            && TYPE_WORD_PAIRS.contains(first.lower() + " " + second.lower());
    }

    private boolean isOperator(int i) {
        return isKind(i, Kind.OPERATOR);
    }

    private boolean isKind(int i, Kind kind) {
        return i >= 0 && i < pieces.size() && pieces.get(i).kind() == kind;
    }

    private boolean isWord(int i, String word) {
        return isKind(i, Kind.WORD) && pieces.get(i).is(word);
    }

    private boolean isPunct(int i, String punct) {
        return isKind(i, Kind.PUNCT) && pieces.get(i).is(punct);
    }
}
