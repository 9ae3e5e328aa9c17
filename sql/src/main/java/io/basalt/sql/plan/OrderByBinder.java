package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.OrderByElement;

/**
 * ORDER BY items resolved as PostgreSQL resolves them: an integer is an output column's
 * position, a bare name is an output column's name when one has it, anything else an
 * expression over the input, which becomes an extra hidden output column unless it is one of
 * the select items already. Nulls sort last ascending and first descending by default.
 */
final class OrderByBinder {
    /** The sort keys over the projected rows and the extra columns to project for them. */
    record Result(List<SortNode.Key> keys, List<Bound> extras) {
    }

    private OrderByBinder() {
    }

    /**
     * @param compiler null when only output columns may be named (set operations)
     */
    static Result bind(List<OrderByElement> order, List<SelectList.Item> items, List<SqlType> types,
                       ExprCompiler compiler, Scope scope, boolean distinct) {
        List<SortNode.Key> keys = new ArrayList<>();
        List<Bound> extras = new ArrayList<>();
        if (order == null) {
            return new Result(keys, extras);
        }
        for (OrderByElement ob : order) {
            Expression e = ob.getExpression();
            int idx = outputIndex(e, items);
            SqlType type;
            if (idx >= 0) {
                type = types.get(idx);
            } else {
                if (compiler == null) {
                    throw new SqlException("0A000", "ORDER BY on a set operation must name an output column");
                }
                if (distinct) {
                    throw new SqlException("42P10",
                            "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
                }
                Bound b = compiler.resolveUnknown(compiler.compile(e, scope));
                extras.add(b);
                idx = items.size() + extras.size() - 1;
                type = b.type();
            }
            if (io.basalt.sql.expr.ArrayExprs.elementOf(type) != null) {
                // Arrays are kept as their text form, which does not sort as the arrays do.
                throw io.basalt.sql.expr.SqlErrors.notSupported("ORDER BY an array");
            }
            String shown = idx < items.size() ? items.get(idx).expr().toString() : e.toString();
            keys.add(key(ob, idx, type.kind() == TypeKind.UNKNOWN ? SqlType.TEXT : type, shown));
        }
        return new Result(keys, extras);
    }

    /** A sort key; EXPLAIN shows the expression sorted on, not the ordinal or alias that named it. */
    private static SortNode.Key key(OrderByElement ob, int idx, SqlType type, String shown) {
        boolean desc = !ob.isAsc();
        OrderByElement.NullOrdering n = ob.getNullOrdering();
        boolean nullsFirst = n == null ? desc : n == OrderByElement.NullOrdering.NULLS_FIRST;
        String text = shown + (desc ? " DESC" : "")
                + (n == null ? "" : nullsFirst ? " NULLS FIRST" : " NULLS LAST");
        return new SortNode.Key(idx, type, desc, nullsFirst, text);
    }

    /** The output column {@code e} names by position, by name, or by being the same expression; else -1. */
    private static int outputIndex(Expression e, List<SelectList.Item> items) {
        if (e instanceof LongValue lv) {
            long k = lv.getValue();
            if (k < 1 || k > items.size()) {
                throw new SqlException("42P10", "ORDER BY position " + k + " is not in select list");
            }
            return (int) k - 1;
        }
        if (e instanceof Column c && (c.getTable() == null || c.getTable().getName() == null)) {
            String name = Names.fold(c.getColumnName());
            int found = -1;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).name().equals(name)) {
                    if (found >= 0 && !items.get(found).expr().toString().equals(items.get(i).expr().toString())) {
                        throw new SqlException("42702", "ORDER BY \"" + name + "\" is ambiguous");
                    }
                    if (found < 0) {
                        found = i;
                    }
                }
            }
            if (found >= 0) {
                return found;
            }
        }
        String text = e.toString();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).expr().toString().equals(text)) {
                return i;
            }
        }
        return -1;
    }
}
