package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.HashKey;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * SELECT DISTINCT ON (keys): over rows sorted on the keys first, keeps the first row of each
 * run of rows equal (nulls equal) on the keys. The planner sorts on the keys followed by the
 * ORDER BY, which PostgreSQL requires to begin with the keys, so "first" is the ORDER BY's.
 */
final class DistinctOnNode implements PlanNode {
    private final PlanNode input;
    private final List<SortNode.Key> keys;

    DistinctOnNode(PlanNode input, List<SortNode.Key> keys) {
        this.input = input;
        this.keys = List.copyOf(keys);
    }

    /** The DISTINCT ON expressions as ascending sort items; empty without DISTINCT ON. */
    static List<OrderByElement> expressions(PlainSelect ps) {
        List<OrderByElement> out = new ArrayList<>();
        if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
            for (SelectItem<?> item : ps.getDistinct().getOnSelectItems()) {
                OrderByElement ob = new OrderByElement();
                ob.setExpression(item.getExpression());
                out.add(ob);
            }
        }
        return out;
    }

    /**
     * 42P10 unless the ORDER BY (the sort keys after the first {@code onCount}) begins with
     * DISTINCT ON expressions, as PostgreSQL requires.
     */
    static void checkOrder(List<SortNode.Key> sortKeys, int onCount, int orderCount) {
        List<Integer> on = sortKeys.subList(0, onCount).stream().map(SortNode.Key::index).toList();
        for (int i = 0; i < Math.min(onCount, orderCount); i++) {
            if (!on.contains(sortKeys.get(onCount + i).index())) {
                throw new SqlException("42P10", "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
            }
        }
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        SqlType[] types = keys.stream().map(SortNode.Key::type).toArray(SqlType[]::new);
        HashKey[] last = new HashKey[1];
        return Rows.filter(env, input.open(env), (e, row) -> {
            Object[] values = new Object[keys.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row[keys.get(i).index()];
            }
            HashKey k = new HashKey(values, types);
            boolean first = !k.equals(last[0]);
            last[0] = k;
            return first;
        });
    }

    @Override
    public RowOrder order() {
        return input.order();
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("Unique", List.of(), input.explain());
    }
}
