package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import java.util.Iterator;
import java.util.List;

/**
 * Marks a FOR UPDATE/SHARE query in EXPLAIN. The locks themselves are taken by the scans
 * below, which the store asks for them as it reads the rows.
 */
final class LockRowsNode implements PlanNode {
    private final PlanNode input;

    LockRowsNode(PlanNode input) {
        this.input = input;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        return input.open(env);
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("LockRows", List.of(), input.explain());
    }
}
