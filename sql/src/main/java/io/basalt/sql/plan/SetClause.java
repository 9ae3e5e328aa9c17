package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.SqlErrors;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * The SET list of UPDATE and of ON CONFLICT DO UPDATE: per table column, the expression giving
 * its new value (over the row {@code scope} describes), null for columns left unchanged.
 */
final class SetClause {
    private SetClause() {
    }

    static Expr[] bind(List<UpdateSet> sets, TableDef t, Scope scope, ExprCompiler c, NextValue sequences) {
        Expr[] out = new Expr[t.columns().size()];
        for (UpdateSet set : sets) {
            List<?> columns = set.getColumns();
            List<?> values = set.getValues();
            if (columns.size() != values.size()) {
                throw SqlErrors.notSupported("assigning a subquery to several columns");
            }
            for (int i = 0; i < columns.size(); i++) {
                ColumnDef col = Targets.column(t, (Column) columns.get(i));
                int pos = Targets.position(t, col);
                if (out[pos] != null) {
                    throw new SqlException("42601", "multiple assignments to same column \"" + col.name() + "\"");
                }
                out[pos] = value(col, (Expression) values.get(i), scope, c, sequences);
            }
        }
        return out;
    }

    private static Expr value(ColumnDef col, Expression e, Scope scope, ExprCompiler c, NextValue sequences) {
        if (Targets.isDefault(e)) {
            return Defaults.of(col, sequences);
        }
        if (col.identity() == ColumnDef.Identity.ALWAYS) {
            throw Targets.generatedAlways(col, true);
        }
        Bound b = c.inClause("UPDATE").compile(e, scope);
        return Targets.assign(b, col, c.params());
    }
}
