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
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.statement.select.Values;

/** A VALUES list as a query: columns named column1, column2, ..., each of its rows' common type. */
final class ValuesPlanner {
    private ValuesPlanner() {
    }

    /** The rows of a VALUES list, each a list of expressions. */
    static List<List<Expression>> rows(ExpressionList<?> list) {
        List<List<Expression>> rows = new ArrayList<>();
        boolean listOfRows = !list.isEmpty() && list.get(0) instanceof ExpressionList<?>;
        if (!listOfRows) {
            List<Expression> row = new ArrayList<>();
            list.forEach(e -> row.add((Expression) e));
            rows.add(row);
            return rows;
        }
        for (Object e : list) {
            List<Expression> row = new ArrayList<>();
            if (e instanceof ExpressionList<?> r) {
                r.forEach(x -> row.add((Expression) x));
            } else {
                row.add((Expression) e);
            }
            rows.add(row);
        }
        return rows;
    }

    static QueryPlan plan(Values v, Scope outer, ExprCompiler c) {
        List<List<Expression>> rows = rows(v.getExpressions());
        int width = rows.get(0).size();
        Scope scope = Scope.empty().withOuter(outer);
        List<List<Bound>> bound = new ArrayList<>();
        for (List<Expression> row : rows) {
            if (row.size() != width) {
                throw new SqlException("42601", "VALUES lists must all be the same length");
            }
            List<Bound> b = new ArrayList<>();
            for (Expression e : row) {
                b.add(c.inClause("VALUES").compile(e, scope));
            }
            bound.add(b);
        }
        List<Column> columns = new ArrayList<>();
        List<Expr[]> exprs = new ArrayList<>();
        List<SqlType> types = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            int col = i;
            SqlType t = Coercion.commonType(bound.stream().map(r -> r.get(col).type()).toList(), "VALUES");
            types.add(t);
            columns.add(Column.computed("column" + (i + 1), t));
        }
        for (List<Bound> row : bound) {
            Expr[] r = new Expr[width];
            for (int i = 0; i < width; i++) {
                r[i] = Coercion.implicit(row.get(i), types.get(i), c.params()).expr();
            }
            exprs.add(r);
        }
        QueryPlan q = new QueryPlan(new ValuesNode(exprs, "Values Scan on \"*VALUES*\""), columns);
        return SetOpPlanner.orderAndLimit(q, v, outer, c);
    }
}
