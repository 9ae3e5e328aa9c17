package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A join with {@code LATERAL (SELECT exprs)} that has no FROM: such a subquery gives exactly
 * one row per row on its left, so each left row goes on with the values of {@code exprs},
 * computed over it, appended.
 */
final class LateralValuesNode implements PlanNode {
    private final PlanNode input;
    private final List<Expr> exprs;

    LateralValuesNode(PlanNode input, List<Expr> exprs) {
        this.input = input;
        this.exprs = List.copyOf(exprs);
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Iterator<Object[]> rows = input.open(env);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] row = rows.next();
                Object[] out = Arrays.copyOf(row, row.length + exprs.size());
                for (int i = 0; i < exprs.size(); i++) {
                    out[row.length + i] = exprs.get(i).eval(env, row);
                }
                return out;
            }
        };
    }

    @Override
    public RowOrder order() {
        return input.order();
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("Lateral Values", List.of(), input.explain());
    }
}
