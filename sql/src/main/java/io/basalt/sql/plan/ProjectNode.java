package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import java.util.Iterator;

/** Computes the output columns of each input row. EXPLAIN does not show it, as PostgreSQL does not. */
final class ProjectNode implements PlanNode {
    private final PlanNode input;
    private final Expr[] exprs;

    ProjectNode(PlanNode input, Expr[] exprs) {
        this.input = input;
        this.exprs = exprs;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        return Rows.map(input.open(env), row -> {
            Object[] out = new Object[exprs.length];
            for (int i = 0; i < exprs.length; i++) {
                out[i] = exprs[i].eval(env, row);
            }
            return out;
        });
    }

    @Override
    public ExplainNode explain() {
        return input.explain();
    }
}
