package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Result;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.store.TableStore;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A planned UPDATE or DELETE. The rows to change are all read (with FOR UPDATE locks), and
 * every new row computed from its old row, before the first change is written: the scan never
 * meets a row it changed, and a subquery in SET sees the table as the statement found it, as
 * PostgreSQL's statement snapshot shows it.
 */
final class ModifyStatement implements PlannedStatement, Explainable {
    private final TableStore store;
    private final TableDef table;
    private final String alias;
    private final PlanNode scan;
    /** UPDATE: per column the new value, null where unchanged; DELETE: null. */
    private final Expr[] sets;
    private final Returning returning;
    private final List<SqlType> paramTypes;

    ModifyStatement(TableStore store, TableDef table, String alias, PlanNode scan, Expr[] sets, Returning returning,
                    List<SqlType> paramTypes) {
        this.store = store;
        this.table = table;
        this.alias = alias;
        this.scan = scan;
        this.sets = sets;
        this.returning = returning;
        this.paramTypes = paramTypes;
    }

    @Override
    public List<SqlType> paramTypes() {
        return paramTypes;
    }

    @Override
    public List<Column> columns() {
        return returning.columns();
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public Result execute(ExecContext ctx) {
        Env env = Env.root(ctx);
        List<Object[]> rows = Rows.drain(env, scan.open(env));
        List<Object[]> out = new ArrayList<>();
        if (sets == null) {
            for (Object[] row : rows) {
                ctx.checkCancelled();
                store.delete(ctx, table, row);
                returning.emit(env, row, out);
            }
        } else {
            List<Object[]> updated = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                ctx.checkCancelled();
                updated.add(newRow(env, row));
            }
            for (int r = 0; r < rows.size(); r++) {
                store.update(ctx, table, rows.get(r), updated.get(r));
                returning.emit(env, updated.get(r), out);
            }
        }
        String tag = (sets == null ? "DELETE " : "UPDATE ") + rows.size();
        return new Result(returning.columns(), out, tag, List.copyOf(ctx.notices()), Map.of());
    }

    private Object[] newRow(Env env, Object[] row) {
        Object[] updated = row.clone();
        for (int i = 0; i < sets.length; i++) {
            if (sets[i] != null) {
                updated[i] = sets[i].eval(env, row);
            }
        }
        return updated;
    }

    @Override
    public ExplainNode explain() {
        String on = table.name() + (alias.equals(table.name()) ? "" : " " + alias);
        return ExplainNode.of((sets == null ? "Delete on " : "Update on ") + on, List.of(), scan.explain());
    }
}
