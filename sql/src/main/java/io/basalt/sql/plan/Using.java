package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.ScopeColumn;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * JOIN ... USING (a, b): the equalities it stands for, and the merging of each named column
 * into one (unqualified {@code a} means the left side's; the right side's copy stays nameable
 * as {@code right.a}).
 */
final class Using {
    private Using() {
    }

    static List<Expression> equalities(List<Column> columns, Scope left, FromEntry right) {
        List<Expression> out = new ArrayList<>();
        for (Column c : columns) {
            String name = Names.fold(c.getColumnName());
            Scope.Resolved l;
            try {
                l = left.resolve(null, name);
            } catch (SqlException e) {
                if (!"42703".equals(e.sqlState())) {
                    throw e;
                }
                throw missing(name, "left");
            }
            if (l.depth() != 0) {
                throw missing(name, "left");
            }
            int r = findRight(right, name);
            right.joined = right.joined.withVisibility(r, ScopeColumn.Visibility.QUALIFIED_ONLY);
            out.add(new EqualsTo(column(l.column().table(), name), column(right.alias, name)));
        }
        return out;
    }

    /**
     * What {@code *} lists after the join: the merged columns (the left side's) in USING order,
     * then the rest of the left side's, then the right side's that stay unqualified.
     */
    static List<Integer> starOrder(List<Column> columns, Scope left, List<Integer> leftStar, FromEntry right) {
        List<Integer> out = new ArrayList<>();
        for (Column c : columns) {
            out.add(left.resolve(null, Names.fold(c.getColumnName())).index());
        }
        for (int i : leftStar) {
            if (!out.contains(i)) {
                out.add(i);
            }
        }
        out.addAll(FromPlanner.visible(right));
        return out;
    }

    private static int findRight(FromEntry right, String name) {
        for (int i = 0; i < right.own.width(); i++) {
            ScopeColumn sc = right.own.column(i);
            if (sc.name().equals(name) && sc.visibility() != ScopeColumn.Visibility.HIDDEN) {
                return i;
            }
        }
        throw missing(name, "right");
    }

    private static SqlException missing(String name, String side) {
        return new SqlException("42703",
                "column \"" + name + "\" specified in USING clause does not exist in " + side + " table");
    }

    /** A column reference {@code table.name} that folds back to exactly these names. */
    static Column column(String table, String name) {
        return table == null ? new Column(quote(name)) : new Column(new Table(quote(table)), quote(name));
    }

    static String quote(String ident) {
        if (ident.matches("[a-z_][a-z0-9_$]*")) {
            return ident;
        }
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }
}
