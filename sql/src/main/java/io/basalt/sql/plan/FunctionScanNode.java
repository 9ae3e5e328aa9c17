package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A set-returning function in FROM, joined to the rows before it: each input row goes on once
 * per value of the function over it, with the value (and with ORDINALITY its 1-based number,
 * a bigint) appended. Values are produced as they are pulled.
 */
final class FunctionScanNode implements PlanNode {
    private final PlanNode input;
    private final FromFunction function;
    private final boolean ordinality;

    FunctionScanNode(PlanNode input, FromFunction function) {
        this.input = input;
        this.function = function;
        this.ordinality = function.ordinality();
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Iterator<Object[]> rows = input.open(env);
        return new Iterator<>() {
            private Object[] row;
            private Iterator<Object> values = Collections.emptyIterator();
            private long number;

            @Override
            public boolean hasNext() {
                while (!values.hasNext() && rows.hasNext()) {
                    env.ctx().checkCancelled();
                    row = rows.next();
                    values = function.values(env, row);
                    number = 0;
                }
                return values.hasNext();
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] out = Arrays.copyOf(row, row.length + (ordinality ? 2 : 1));
                out[row.length] = values.next();
                if (ordinality) {
                    out[row.length + 1] = ++number;
                }
                return out;
            }
        };
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("Function Scan on " + function.name(), List.of(), input.explain());
    }
}
