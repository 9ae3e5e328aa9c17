package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * generate_series(start, stop [, step]) of a select list: each input row followed by one
 * series value, once per value from start towards stop (none when a null argument or the
 * step points away from stop). Values are produced as they are pulled, so LIMIT ends it early.
 */
final class SeriesNode implements PlanNode {
    private final PlanNode input;
    private final List<Expr> args;
    private final SqlType type;

    SeriesNode(PlanNode input, List<Expr> args, SqlType type) {
        this.input = input;
        this.args = List.copyOf(args);
        this.type = type;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Iterator<Object[]> rows = input.open(env);
        return new Iterator<>() {
            private Object[] row;
            private long next;
            private long stop;
            private long step;
            private boolean pending;

            @Override
            public boolean hasNext() {
                while (!pending && rows.hasNext()) {
                    env.ctx().checkCancelled();
                    row = rows.next();
                    pending = start(env, row);
                }
                return pending;
            }

            private boolean start(Env env, Object[] r) {
                Object[] v = new Object[3];
                for (int i = 0; i < args.size(); i++) {
                    v[i] = args.get(i).eval(env, r);
                    if (v[i] == null) {
                        return false;
                    }
                }
                next = ((Number) v[0]).longValue();
                stop = ((Number) v[1]).longValue();
                step = v[2] == null ? 1 : ((Number) v[2]).longValue();
                if (step == 0) {
                    throw new SqlException("22023", "step size cannot equal zero");
                }
                return step > 0 ? next <= stop : next >= stop;
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] out = java.util.Arrays.copyOf(row, row.length + 1);
                out[row.length] = type.kind() == TypeKind.INT4 ? (Object) (int) next : (Object) next;
                long after = next + step;
                boolean overflow = step > 0 ? after < next : after > next;
                pending = !overflow && (step > 0 ? after <= stop : after >= stop);
                next = after;
                return out;
            }
        };
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("ProjectSet", List.of(), input.explain());
    }
}
