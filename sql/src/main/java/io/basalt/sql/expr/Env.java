package io.basalt.sql.expr;

import io.basalt.sql.exec.ExecContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything an expression sees besides its own row: the statement's {@link ExecContext},
 * the current rows of the enclosing queries (innermost first), and a memo shared by the
 * whole execution where uncorrelated subqueries keep their results so they run once.
 * A new root is made for every execution; plans never hold one.
 */
public final class Env {
    private final ExecContext ctx;
    private final Object[] outerRow;
    private final Env parent;
    private final Memo memo;

    /** The memoised values of one execution; the map is made on first use, as most executions need none. */
    private static final class Memo {
        Map<Object, Object> values;
    }

    private Env(ExecContext ctx, Object[] outerRow, Env parent, Memo memo) {
        this.ctx = ctx;
        this.outerRow = outerRow;
        this.parent = parent;
        this.memo = memo;
    }

    /** The environment of a top-level statement execution. */
    public static Env root(ExecContext ctx) {
        return new Env(ctx, null, null, new Memo());
    }

    public ExecContext ctx() {
        return ctx;
    }

    /** The environment of a subquery evaluated for {@code row} of the query around it. */
    public Env nest(Object[] row) {
        return new Env(ctx, row, this, memo);
    }

    /** The row of the query {@code depth} levels out (1: the directly enclosing query). */
    public Object[] outer(int depth) {
        Env e = this;
        for (int i = 1; i < depth; i++) {
            e = e.parent;
        }
        if (e == null || e.outerRow == null) {
            throw new IllegalStateException("no enclosing row at depth " + depth);
        }
        return e.outerRow;
    }

    /** The value memoised under {@code key} for this execution, computing it on first use. */
    @SuppressWarnings("unchecked")
    public <T> T memo(Object key, Supplier<T> compute) {
        if (memo.values == null) {
            memo.values = new HashMap<>();
        }
        Object v = memo.values.get(key);
        if (v == null && !memo.values.containsKey(key)) {
            v = compute.get();
            memo.values.put(key, v);
        }
        return (T) v;
    }
}
