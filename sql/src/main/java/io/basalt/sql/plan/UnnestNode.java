package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.types.SqlType;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * unnest(array) of a select list: each input row followed by one element of the array, once
 * per element in order (none for a null or empty array), so the select list is computed once
 * per element.
 */
final class UnnestNode implements PlanNode {
    private final PlanNode input;
    private final Expr array;
    private final SqlType element;

    UnnestNode(PlanNode input, Expr array, SqlType element) {
        this.input = input;
        this.array = array;
        this.element = element;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Iterator<Object[]> rows = input.open(env);
        return new Iterator<>() {
            private Object[] row;
            private Iterator<Object> values = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!values.hasNext() && rows.hasNext()) {
                    env.ctx().checkCancelled();
                    row = rows.next();
                    Object a = array.eval(env, row);
                    values = a == null ? Collections.emptyIterator() : FromFunction.elements(a, element, env);
                }
                return values.hasNext();
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] out = java.util.Arrays.copyOf(row, row.length + 1);
                out[row.length] = values.next();
                return out;
            }
        };
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("ProjectSet", List.of(), input.explain());
    }
}
