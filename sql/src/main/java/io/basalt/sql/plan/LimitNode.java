package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** OFFSET and LIMIT: skips rows, then stops after enough; both are evaluated once when it opens. */
final class LimitNode implements PlanNode {
    private final PlanNode input;
    private final Expr limit;
    private final Expr offset;

    LimitNode(PlanNode input, Expr limit, Expr offset) {
        this.input = input;
        this.limit = limit;
        this.offset = offset;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        long max = count(env, limit, "2201W", "LIMIT must not be negative", Long.MAX_VALUE);
        long skip = count(env, offset, "2201X", "OFFSET must not be negative", 0);
        if (max == 0) {
            return java.util.Collections.emptyIterator();
        }
        Iterator<Object[]> in = input.open(env);
        for (long i = 0; i < skip && in.hasNext(); i++) {
            in.next();
        }
        return new Iterator<>() {
            private long emitted;

            @Override
            public boolean hasNext() {
                return emitted < max && in.hasNext();
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                emitted++;
                return in.next();
            }
        };
    }

    private static long count(Env env, Expr e, String state, String message, long ifNull) {
        if (e == null) {
            return ifNull;
        }
        Object v = e.eval(env, null);
        if (v == null) {
            return ifNull;
        }
        long n = ((Number) v).longValue();
        if (n < 0) {
            throw new SqlException(state, message);
        }
        return n;
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("Limit", List.of(), input.explain());
    }
}
