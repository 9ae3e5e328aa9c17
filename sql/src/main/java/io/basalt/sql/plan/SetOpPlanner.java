package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Coercion;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.statement.select.ExceptOp;
import net.sf.jsqlparser.statement.select.IntersectOp;
import net.sf.jsqlparser.statement.select.MinusOp;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Set operations. INTERSECT binds tighter than UNION and EXCEPT, which associate to the
 * left; the column types of all branches resolve to common types as PostgreSQL's UNION does,
 * and the names come from the first branch.
 */
final class SetOpPlanner {
    private final QueryPlanner planner;

    SetOpPlanner(QueryPlanner planner) {
        this.planner = planner;
    }

    /** The rows of a set operation are no table's rows, so they cannot be locked (0A000, as in PostgreSQL). */
    private static void refuseRowLock(Select s) {
        if (s.getForMode() != null) {
            throw new SqlException("0A000", "FOR " + s.getForMode().getValue()
                    + " is not allowed with UNION/INTERSECT/EXCEPT");
        }
    }

    QueryPlan plan(SetOperationList so, Scope outer, ExprCompiler c) {
        List<QueryPlan> parts = new ArrayList<>();
        for (Select s : so.getSelects()) {
            refuseRowLock(s.getForMode() != null ? s : s instanceof ParenthesedSelect p ? p.getSelect() : s);
            parts.add(planner.query(s, outer, c));
        }
        int width = parts.get(0).columns().size();
        List<SqlType> types = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            List<SqlType> col = new ArrayList<>();
            for (QueryPlan p : parts) {
                if (p.columns().size() != width) {
                    throw new SqlException("42601", "each " + opName(so.getOperations().get(0))
                            + " query must have the same number of columns");
                }
                col.add(p.columns().get(i).type());
            }
            types.add(Coercion.commonType(col, opName(so.getOperations().get(0))));
        }
        List<PlanNode> nodes = new ArrayList<>();
        for (QueryPlan p : parts) {
            nodes.add(convert(p, types, c));
        }
        PlanNode root = combine(nodes, so.getOperations(), types.toArray(SqlType[]::new));
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            columns.add(Column.computed(parts.get(0).columns().get(i).name(), types.get(i)));
        }
        return orderAndLimit(new QueryPlan(root, columns), so, outer, c);
    }

    private static String opName(SetOperation op) {
        return switch (op(op)) {
            case INTERSECT -> "INTERSECT";
            case EXCEPT -> "EXCEPT";
            case UNION -> "UNION";
        };
    }

    private static SetOpNode.Op op(SetOperation op) {
        return op instanceof IntersectOp ? SetOpNode.Op.INTERSECT
                : op instanceof ExceptOp || op instanceof MinusOp ? SetOpNode.Op.EXCEPT : SetOpNode.Op.UNION;
    }

    /** Folds the branches: INTERSECT runs first, then UNION and EXCEPT from left to right. */
    private static PlanNode combine(List<PlanNode> nodes, List<SetOperation> ops, SqlType[] types) {
        List<PlanNode> operands = new ArrayList<>(List.of(nodes.get(0)));
        List<SetOperation> rest = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            SetOperation o = ops.get(i);
            if (o instanceof IntersectOp) {
                PlanNode l = operands.remove(operands.size() - 1);
                operands.add(new SetOpNode(SetOpNode.Op.INTERSECT, o.isAll(), l, nodes.get(i + 1), types));
            } else {
                rest.add(o);
                operands.add(nodes.get(i + 1));
            }
        }
        PlanNode acc = operands.get(0);
        for (int i = 0; i < rest.size(); i++) {
            acc = new SetOpNode(op(rest.get(i)), rest.get(i).isAll(), acc, operands.get(i + 1), types);
        }
        return acc;
    }

    /** The branch's rows with each column converted to the common type. */
    private static PlanNode convert(QueryPlan p, List<SqlType> types, ExprCompiler c) {
        boolean same = true;
        Expr[] exprs = new Expr[types.size()];
        for (int i = 0; i < types.size(); i++) {
            int idx = i;
            SqlType from = p.columns().get(i).type();
            Bound b = Bound.of((env, row) -> row[idx], from);
            exprs[i] = Coercion.implicit(b, types.get(i), c.params()).expr();
            same &= from.kind() == types.get(i).kind();
        }
        return same ? p.root() : new ProjectNode(p.root(), exprs);
    }

    /** The ORDER BY and LIMIT written after a whole set operation or parenthesised query. */
    static QueryPlan orderAndLimit(QueryPlan q, Select s, Scope outer, ExprCompiler c) {
        PlanNode node = q.root();
        if (s.getOrderByElements() != null && !s.getOrderByElements().isEmpty()) {
            List<SelectList.Item> items = new ArrayList<>();
            for (Column col : q.columns()) {
                items.add(new SelectList.Item(Using.column(null, col.name()), col.name()));
            }
            OrderByBinder.Result order = OrderByBinder.bind(s.getOrderByElements(), items, q.types(), null, null,
                    false);
            node = new SortNode(node, order.keys());
        }
        node = Limits.apply(node, s, outer, c);
        return new QueryPlan(node, q.columns());
    }
}
