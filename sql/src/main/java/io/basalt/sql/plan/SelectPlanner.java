package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.store.RowLock;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Plans one SELECT block: FROM and WHERE, then grouping and aggregates, HAVING, the select
 * list, DISTINCT, ORDER BY and LIMIT, in SQL's logical order. Columns ORDER BY needs beyond
 * the select list are projected, sorted on and dropped again.
 */
final class SelectPlanner {
    private final QueryPlanner planner;

    SelectPlanner(QueryPlanner planner) {
        this.planner = planner;
    }

    QueryPlan plan(PlainSelect ps, Scope outer, ExprCompiler c) {
        Unsupported.check(ps);
        RowLock lock = Locks.of(ps);
        FromPlanner.Result from = from(ps, outer, c, lock);
        List<SelectList.Item> items = SelectList.expand(ps.getSelectItems(), from.scope());
        boolean grouped = ps.getGroupBy() != null || ps.getHaving() != null
                || items.stream().anyMatch(i -> AggregateFinder.any(i.expr()))
                || orderBy(ps).stream().anyMatch(o -> AggregateFinder.any(o.getExpression()));
        Locks.checkAllowed(ps, lock, grouped);
        PlanNode node = from.node();
        Scope scope = from.scope();
        ExprCompiler sc = c.inClause(null);
        GroupingHook hook = null;
        List<Bound> keys = List.of();
        List<String> keyTexts = List.of();
        if (grouped) {
            List<Expression> groupBy = Grouping.expressions(ps, items, from.scope());
            keys = new ArrayList<>();
            for (Expression g : groupBy) {
                keys.add(c.inClause("GROUP BY").compile(g, from.scope()));
            }
            keyTexts = groupBy.stream().map(Expression::toString).toList();
            hook = new GroupingHook(from.scope(), c, keys, keyTexts, from.tables());
            scope = hook.outputScope();
            sc = sc.withHook(hook);
        }
        SetReturningHook series = null;
        if (!grouped && items.stream().anyMatch(i -> SetReturningHook.isSetReturning(i.expr()))) {
            series = new SetReturningHook(scope);
            sc = sc.withHook(series);
        }
        List<Bound> outs = SelectList.bind(items, sc, scope);
        if (series != null) {
            node = series.wrap(node);
            sc = sc.withHook(null);
        }
        Bound having = ps.getHaving() == null ? null : sc.compileCondition(ps.getHaving(), scope, "HAVING");
        List<OrderByElement> on = DistinctOnNode.expressions(ps);
        boolean distinct = ps.getDistinct() != null && on.isEmpty();
        List<OrderByElement> sortBy = new ArrayList<>(on);
        sortBy.addAll(orderBy(ps));
        OrderByBinder.Result order = OrderByBinder.bind(sortBy, items, outs.stream().map(Bound::type).toList(),
                sc, scope, distinct);
        DistinctOnNode.checkOrder(order.keys(), on.size(), orderBy(ps).size());
        // Only now is the aggregate node built: binding the select list, HAVING and ORDER BY is
        // what collected the aggregate calls it computes.
        if (grouped) {
            node = new HashAggregateNode(node, keys.stream().map(Bound::expr).toArray(Expr[]::new),
                    keys.stream().map(Bound::type).toArray(SqlType[]::new), keyTexts, hook.aggregates(),
                    ps.getGroupBy() != null);
        }
        if (having != null) {
            node = new FilterNode(node, having.expr(), List.of(ps.getHaving().toString()));
        }
        List<Column> columns = SelectList.columns(items, outs, from.scope());
        return finish(node, outs, columns, order, distinct ? -1 : on.size(), ps, outer, c, lock);
    }

    private FromPlanner.Result from(PlainSelect ps, Scope outer, ExprCompiler c, RowLock lock) {
        if (ps.getFromItem() != null) {
            return new FromPlanner(planner, c, outer, lock).plan(ps.getFromItem(), ps.getJoins(), ps.getWhere());
        }
        Scope s = Scope.empty().withOuter(outer);
        PlanNode n = ValuesNode.oneRow();
        if (ps.getWhere() != null) {
            Bound w = c.inClause("WHERE").compileCondition(ps.getWhere(), s, "WHERE");
            n = new FilterNode(n, w.expr(), List.of(ps.getWhere().toString()));
        }
        return new FromPlanner.Result(n, s);
    }

    private static List<OrderByElement> orderBy(PlainSelect ps) {
        return ps.getOrderByElements() == null ? List.of() : ps.getOrderByElements();
    }

    /**
     * Projection, DISTINCT, ORDER BY, LIMIT/OFFSET and row locks, over the (grouped) rows.
     * {@code distinctOn} is -1 for SELECT DISTINCT, else the number of leading sort keys that
     * DISTINCT ON keeps the first row of (0 for neither).
     */
    private static QueryPlan finish(PlanNode node, List<Bound> outs, List<Column> columns, OrderByBinder.Result order,
                                    int distinctOn, PlainSelect ps, Scope outer, ExprCompiler c, RowLock lock) {
        boolean distinct = distinctOn < 0;
        List<Bound> all = new ArrayList<>(outs);
        all.addAll(order.extras());
        boolean limited = ps.getLimit() != null || ps.getFetch() != null;
        PlanNode ordered = SortElision.inOrder(node, order.keys(), all, limited);
        boolean sorted = ordered != null;
        node = sorted ? ordered : node;
        node = new ProjectNode(node, all.stream().map(Bound::expr).toArray(Expr[]::new));
        if (distinct) {
            node = new DistinctNode(node, columns.stream().map(Column::type).toArray(SqlType[]::new),
                    ps.getSelectItems().stream().map(SelectItem::toString).toList());
        }
        if (!order.keys().isEmpty() && !sorted) {
            node = new SortNode(node, order.keys());
        }
        if (distinctOn > 0) {
            node = new DistinctOnNode(node, order.keys().subList(0, distinctOn));
        }
        node = Limits.apply(node, ps, outer, c);
        if (!order.extras().isEmpty()) {
            int n = outs.size();
            Expr[] trim = new Expr[n];
            for (int i = 0; i < n; i++) {
                int idx = i;
                trim[i] = (env, row) -> row[idx];
            }
            node = new ProjectNode(node, trim);
        }
        if (lock.locks()) {
            node = new LockRowsNode(node);
        }
        return new QueryPlan(node, columns);
    }
}
