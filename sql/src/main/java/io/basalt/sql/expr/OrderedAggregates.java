package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import net.sf.jsqlparser.statement.select.OrderByElement;

/**
 * Aggregates with ORDER BY inside the call ({@code string_agg(x, ',' ORDER BY x)}): the call's
 * argument becomes one array of the arguments and the sort keys, and its accumulator keeps
 * those arrays and feeds them, sorted, to the aggregate's own accumulator at the end. The
 * grouping node needs to know nothing of it.
 */
final class OrderedAggregates {
    private OrderedAggregates() {
    }

    static AggregateCall bind(ExprCompiler inner, AggregateCall call, List<OrderByElement> order, Scope input) {
        if (call.distinct()) {
            throw SqlErrors.notSupported("DISTINCT with ORDER BY inside aggregate calls");
        }
        List<Bound> keys = new ArrayList<>();
        for (OrderByElement ob : order) {
            keys.add(inner.resolveUnknown(inner.compile(ob.getExpression(), input)));
        }
        List<Bound> parts = new ArrayList<>();
        parts.add(call.arg());
        parts.add(call.arg2());
        parts.addAll(keys);
        Expr[] exprs = parts.stream().map(b -> b == null ? null : b.expr()).toArray(Expr[]::new);
        Bound packed = Bound.over((env, row) -> {
            Object[] values = new Object[exprs.length];
            for (int i = 0; i < exprs.length; i++) {
                values[i] = exprs[i] == null ? null : exprs[i].eval(env, row);
            }
            return values;
        }, call.type(), parts.toArray(Bound[]::new));
        Comparator<Object[]> cmp = comparator(keys, order);
        Supplier<Accumulator> innerFactory = call.factory();
        return new AggregateCall(call.text(), packed, null, false, call.type(), () -> sorting(innerFactory.get(), cmp),
                call.filter());
    }

    private static Comparator<Object[]> comparator(List<Bound> keys, List<OrderByElement> order) {
        SqlType[] types = keys.stream().map(Bound::type).toArray(SqlType[]::new);
        return (a, b) -> {
            for (int i = 0; i < types.length; i++) {
                OrderByElement ob = order.get(i);
                boolean desc = !ob.isAsc();
                boolean nullsFirst = ob.getNullOrdering() == null ? desc
                        : ob.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
                Object x = a[i + 2];
                Object y = b[i + 2];
                int c = x == null || y == null ? Values.compareWithNulls(x, y, types[i], nullsFirst)
                        : desc ? -Values.compare(x, y, types[i]) : Values.compare(x, y, types[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    /** Buffers the packed rows; the sort is stable, so equal keys keep their input order. */
    private static Accumulator sorting(Accumulator inner, Comparator<Object[]> cmp) {
        return new Accumulator() {
            private final List<Object[]> rows = new ArrayList<>();

            @Override
            public void add(Object a, Object b) {
                rows.add((Object[]) a);
            }

            @Override
            public Object result() {
                rows.sort(cmp);
                for (Object[] r : rows) {
                    inner.add(r[0], r[1]);
                }
                rows.clear();
                return inner.result();
            }
        };
    }
}
