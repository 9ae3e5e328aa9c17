package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Scope;
import java.util.List;
import net.sf.jsqlparser.statement.ReturningClause;

/** A RETURNING list bound over rows of the target table; null columns when there is none. */
final class Returning {
    private final List<Column> columns;
    private final Expr[] exprs;

    private Returning(List<Column> columns, Expr[] exprs) {
        this.columns = columns;
        this.exprs = exprs;
    }

    static Returning bind(ReturningClause clause, Scope table, ExprCompiler c) {
        if (clause == null || clause.isEmpty()) {
            return new Returning(null, null);
        }
        List<SelectList.Item> items = SelectList.expand(clause, table);
        List<Bound> bound = SelectList.bind(items, c.inClause("RETURNING"), table);
        Expr[] exprs = bound.stream().map(Bound::expr).toArray(Expr[]::new);
        return new Returning(SelectList.columns(items, bound, table), exprs);
    }

    /** The row shape, or null without RETURNING. */
    List<Column> columns() {
        return columns;
    }

    /** Adds the RETURNING row for {@code row} to {@code out} (nothing without RETURNING). */
    void emit(Env env, Object[] row, List<Object[]> out) {
        if (exprs == null) {
            return;
        }
        Object[] r = new Object[exprs.length];
        for (int i = 0; i < exprs.length; i++) {
            r[i] = exprs[i].eval(env, row);
        }
        out.add(r);
    }
}
