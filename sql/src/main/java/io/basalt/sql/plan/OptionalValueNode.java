package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A set-returning function that gives at most one value per row (pg_partition_ancestors, as
 * Basalt has no partitions): each input row goes on with the value appended, and a row whose
 * value is null goes nowhere, as the function returns no rows for it.
 */
final class OptionalValueNode implements PlanNode {
    private final PlanNode input;
    private final Expr value;

    OptionalValueNode(PlanNode input, Expr value) {
        this.input = input;
        this.value = value;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Iterator<Object[]> rows = input.open(env);
        return new Iterator<>() {
            private Object[] next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    Object[] row = rows.next();
                    Object v = value.eval(env, row);
                    if (v != null) {
                        next = Arrays.copyOf(row, row.length + 1);
                        next[row.length] = v;
                    }
                }
                return next != null;
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] out = next;
                next = null;
                return out;
            }
        };
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("ProjectSet", List.of(), input.explain());
    }
}
