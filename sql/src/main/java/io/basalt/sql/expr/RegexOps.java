package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperatorType;

/**
 * POSIX regular expressions: the match operators {@code ~ ~* !~ !~*}, regexp_replace and
 * substring(text FROM pattern). Patterns run on java.util.regex, which agrees with
 * PostgreSQL's advanced regular expressions on the common syntax. A constant pattern is
 * compiled once, when the expression is bound.
 */
final class RegexOps {
    private static final SqlType T = SqlType.TEXT;

    private RegexOps() {
    }

    static Bound match(ExprCompiler c, RegExpMatchOperator m, Scope s) {
        RegExpMatchOperatorType type = m.getOperatorType();
        boolean insensitive = type == RegExpMatchOperatorType.MATCH_CASEINSENSITIVE
                || type == RegExpMatchOperatorType.NOT_MATCH_CASEINSENSITIVE;
        boolean negated = type == RegExpMatchOperatorType.NOT_MATCH_CASESENSITIVE
                || type == RegExpMatchOperatorType.NOT_MATCH_CASEINSENSITIVE;
        List<Bound> args = List.of(c.compile(m.getLeftExpression(), s), c.compile(m.getRightExpression(), s));
        List<Bound> typed = Functions.match(c, args, T, T);
        if (typed == null) {
            throw SqlErrors.operatorDoesNotExist(m.getStringExpression(), args.get(0).type(), args.get(1).type());
        }
        int flags = insensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        Pattern fixed = constant(args.get(1), flags);
        return Functions.strict(typed, SqlType.BOOL, (env, v) -> {
            Pattern p = fixed != null ? fixed : compile((String) v[1], flags);
            return p.matcher((String) v[0]).find() != negated;
        });
    }

    /** regexp_replace(source, pattern, replacement [, flags]): flag g replaces every match, i ignores case. */
    static Bound replace(ExprCompiler c, List<Bound> args) {
        List<Bound> m = args.size() == 3 ? Functions.match(c, args, T, T, T) : Functions.match(c, args, T, T, T, T);
        if (m == null) {
            return null;
        }
        return Functions.strict(m, T, (env, v) -> {
            String flags = v.length > 3 ? (String) v[3] : "";
            int f = flags.indexOf('i') >= 0 ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
            Matcher matcher = compile((String) v[1], f).matcher((String) v[0]);
            String replacement = replacement((String) v[2]);
            return flags.indexOf('g') >= 0 ? matcher.replaceAll(replacement) : matcher.replaceFirst(replacement);
        });
    }

    /** substring(s FROM pattern): the first parenthesised group if there is one, else the whole match. */
    static Bound substring(ExprCompiler c, List<Bound> args) {
        List<Bound> m = Functions.match(c, args, T, T);
        if (m == null) {
            return null;
        }
        Pattern fixed = constant(args.get(1), 0);
        return Functions.strict(m, T, (env, v) -> {
            Matcher matcher = (fixed != null ? fixed : compile((String) v[1], 0)).matcher((String) v[0]);
            if (!matcher.find()) {
                return null;
            }
            return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
        });
    }

    private static Pattern constant(Bound pattern, int flags) {
        return pattern.kind() == Bound.Kind.UNKNOWN_LITERAL && pattern.literal() != null
                ? compile(pattern.literal(), flags) : null;
    }

    static Pattern compile(String regex, int flags) {
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            throw new SqlException("2201B", "invalid regular expression: "
                    + e.getDescription().toLowerCase(Locale.ROOT));
        }
    }

    /** PostgreSQL's replacement syntax (\1 for a group, \& for the match) in java.util.regex's. */
    private static String replacement(String r) {
        StringBuilder out = new StringBuilder(r.length());
        for (int i = 0; i < r.length(); i++) {
            char ch = r.charAt(i);
            if (ch == '\\' && i + 1 < r.length()) {
                char n = r.charAt(++i);
                if (n >= '1' && n <= '9') {
                    out.append('$').append(n);
                } else if (n == '&') {
                    out.append("$0");
                } else {
                    out.append(Matcher.quoteReplacement(String.valueOf(n)));
                }
            } else {
                out.append(Matcher.quoteReplacement(String.valueOf(ch)));
            }
        }
        return out.toString();
    }
}
