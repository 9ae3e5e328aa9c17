package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import java.util.Iterator;
import java.util.List;

/** Keeps the rows for which a condition is true. EXPLAIN shows it as a Filter line of its input. */
final class FilterNode implements PlanNode {
    private final PlanNode input;
    private final Expr cond;
    private final List<String> texts;

    FilterNode(PlanNode input, Expr cond, List<String> texts) {
        this.input = input;
        this.cond = cond;
        this.texts = texts;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        return Rows.filter(env, input.open(env), cond);
    }

    @Override
    public RowOrder order() {
        return input.order();
    }

    @Override
    public ExplainNode explain() {
        return input.explain().withDetail("Filter: " + Rows.conditionText(texts));
    }
}
