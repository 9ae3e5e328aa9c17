package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;
import java.util.List;
import java.util.Set;

/**
 * quote_ident, quote_literal and quote_nullable, and the quoting format() applies for %I and
 * %L. quote_literal and quote_nullable also take a value of any type, which they quote in the
 * form its cast to text gives (true is 'true', not the 't' that format's %L shows).
 */
final class Quoting {
    private static final SqlType T = SqlType.TEXT;

    /**
     * PostgreSQL 15's keywords that are not unreserved (reserved ones, and those allowed only as
     * column or only as function and type names): its pg_get_keywords() with catcode other than
     * U. Such a word needs quotes to be read as an identifier; an unreserved keyword does not.
     */
    private static final Set<String> KEYWORDS = Set.of("""
            all analyse analyze and any array as asc asymmetric authorization between bigint binary bit
            boolean both case cast char character check coalesce collate collation column concurrently
            constraint create cross current_catalog current_date current_role current_schema
            current_time current_timestamp current_user dec decimal default deferrable desc distinct do
            else end except exists extract false fetch float for foreign freeze from full grant
            greatest group grouping having ilike in initially inner inout int integer intersect
            interval into is isnull join lateral leading least left like limit localtime localtimestamp
            national natural nchar none normalize not notnull null nullif numeric offset on only or
            order out outer overlaps overlay placing position precision primary real references
            returning right row select session_user setof similar smallint some substring symmetric
            table tablesample then time timestamp to trailing treat trim true union unique user using
            values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement
            xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
            """.strip().split("\\s+"));

    private Quoting() {
    }

    /** The call of {@code name}, or null if no quoting function of that name takes these arguments. */
    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "quote_ident" -> {
                List<Bound> m = Functions.match(c, args, T);
                yield m == null ? null : Functions.strict(m, T, (e, v) -> ident((String) v[0]));
            }
            case "quote_literal" -> args.size() == 1
                    ? Functions.strict(List.of(asText(c, args.get(0))), T, (e, v) -> literal((String) v[0])) : null;
            case "quote_nullable" -> args.size() == 1 ? nullable(asText(c, args.get(0))) : null;
            default -> null;
        };
    }

    /** The argument as text: an implicit conversion for strings, else the explicit cast to text. */
    private static Bound asText(ExprCompiler c, Bound a) {
        if (a.isUntyped() || a.type().kind().isString()) {
            return Coercion.implicit(a, T, c.params());
        }
        return Coercion.explicit(a, T, c.params());
    }

    /** quote_nullable is not strict: NULL becomes the word NULL. */
    private static Bound nullable(Bound text) {
        Expr e = text.expr();
        return text.derive((env, row) -> {
            Object v = e.eval(env, row);
            return v == null ? "NULL" : literal((String) v);
        }, T);
    }

    /**
     * {@code s} as an SQL identifier: unchanged if it is lower-case letters, digits and
     * underscores, not starting with a digit and not a keyword other than an unreserved one,
     * otherwise in double quotes with inner double quotes doubled.
     */
    static String ident(String s) {
        boolean safe = !s.isEmpty() && (isLowerAscii(s.charAt(0)) || s.charAt(0) == '_');
        for (int i = 0; i < s.length() && safe; i++) {
            char ch = s.charAt(i);
            safe = isLowerAscii(ch) || (ch >= '0' && ch <= '9') || ch == '_';
        }
        if (safe && !KEYWORDS.contains(s)) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static boolean isLowerAscii(char ch) {
        return ch >= 'a' && ch <= 'z';
    }

    /**
     * {@code s} as an SQL string literal, quotes doubled. A backslash is doubled too and the
     * literal written E'...', so it reads back the same whatever standard_conforming_strings is.
     */
    static String literal(String s) {
        StringBuilder out = new StringBuilder(s.length() + 3);
        if (s.indexOf('\\') >= 0) {
            out.append('E');
        }
        out.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'' || ch == '\\') {
                out.append(ch);
            }
            out.append(ch);
        }
        return out.append('\'').toString();
    }
}
