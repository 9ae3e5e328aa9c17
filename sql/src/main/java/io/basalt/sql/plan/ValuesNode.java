package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import java.util.Iterator;
import java.util.List;

/**
 * VALUES (...), (...): each row's expressions evaluated when the row is read. SELECT without
 * FROM reads the one row of no columns {@link #oneRow()} gives.
 */
final class ValuesNode implements PlanNode {
    private final List<Expr[]> rows;
    private final String title;

    ValuesNode(List<Expr[]> rows, String title) {
        this.rows = rows;
        this.title = title;
    }

    /** The single empty row a SELECT without FROM reads. */
    static ValuesNode oneRow() {
        return new ValuesNode(java.util.Collections.singletonList(new Expr[0]), "Result");
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        return Rows.map(rows.iterator(), exprs -> {
            Object[] out = new Object[exprs.length];
            for (int i = 0; i < exprs.length; i++) {
                out[i] = exprs[i].eval(env, null);
            }
            return out;
        });
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of(title, List.of());
    }
}
