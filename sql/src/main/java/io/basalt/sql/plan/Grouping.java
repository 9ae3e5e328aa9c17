package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * GROUP BY items resolved as PostgreSQL resolves them: an integer is a select item's
 * position, a bare name that is no input column but a select item's name is that item, and
 * anything else an expression over the input rows.
 */
final class Grouping {
    private Grouping() {
    }

    static List<Expression> expressions(PlainSelect ps, List<SelectList.Item> items, Scope input) {
        List<Expression> out = new ArrayList<>();
        if (ps.getGroupBy() == null || ps.getGroupBy().getGroupByExpressionList() == null) {
            return out;
        }
        for (Expression e : ps.getGroupBy().getGroupByExpressionList()) {
            out.add(resolve(e, items, input));
        }
        return out;
    }

    private static Expression resolve(Expression e, List<SelectList.Item> items, Scope input) {
        if (e instanceof LongValue lv) {
            long k = lv.getValue();
            if (k < 1 || k > items.size()) {
                throw new SqlException("42P10", "GROUP BY position " + k + " is not in select list");
            }
            return items.get((int) k - 1).expr();
        }
        if (e instanceof Column c && (c.getTable() == null || c.getTable().getName() == null)) {
            String name = Names.fold(c.getColumnName());
            if (!isInputColumn(name, input)) {
                for (SelectList.Item it : items) {
                    if (it.name().equals(name)) {
                        return it.expr();
                    }
                }
            }
        }
        return e;
    }

    private static boolean isInputColumn(String name, Scope input) {
        try {
            return input.resolve(null, name).depth() == 0;
        } catch (SqlException e) {
            return false;
        }
    }
}
