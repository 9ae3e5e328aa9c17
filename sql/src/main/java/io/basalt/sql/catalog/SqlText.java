package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import java.util.LinkedHashSet;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;

/** Small helpers for the SQL text the catalog keeps (CHECK and DEFAULT expressions). */
final class SqlText {
    private SqlText() {
    }

    /** {@code sql} without one pair of parentheses around all of it: {@code (a > 0)} is {@code a > 0}. */
    static String unwrap(String sql) {
        String s = sql.strip();
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
            return s;
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
                if (depth == 0 && i < s.length() - 1) {
                    return s;
                }
            }
        }
        return s.substring(1, s.length() - 1).strip();
    }

    /** Parses a stored or written expression; 42601 when it is not one. */
    static Expression parse(String sql) {
        try {
            return CCJSqlParserUtil.newParser(sql).Expression();
        } catch (Exception | Error e) {
            throw new SqlException("42601", "syntax error in expression: " + sql, e);
        }
    }

    /** The folded names of the columns {@code sql} mentions, in order of first mention. */
    static Set<String> columnsOf(String sql) {
        return columnsOf(parse(sql));
    }

    static Set<String> columnsOf(Expression e) {
        Set<String> names = new LinkedHashSet<>();
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                names.add(Names.fold(column.getColumnName()));
                return null;
            }
        }, null);
        return names;
    }
}
