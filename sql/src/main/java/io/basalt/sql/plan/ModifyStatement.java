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
    /**
     * With UPDATE ... FROM or DELETE ... USING, where the target's columns are in the joined
     * rows (first) and its key, else null: the rows are the target's own.
     */
    private final FromPlanner.TableSpan target;

    ModifyStatement(TableStore store, TableDef table, String alias, PlanNode scan, Expr[] sets, Returning returning,
                    List<SqlType> paramTypes, FromPlanner.TableSpan target) {
        this.target = target;
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
        List<Object[]> rows = target == null ? Rows.drain(env, scan.open(env)) : firstPerTargetRow(env);
        List<Object[]> out = new ArrayList<>();
        if (sets == null) {
            for (Object[] row : rows) {
                ctx.checkCancelled();
                store.delete(ctx, table, own(row));
                returning.emit(env, row, out);
            }
        } else {
            List<Object[]> updated = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                ctx.checkCancelled();
                updated.add(newRow(env, row));
            }
            for (int r = 0; r < rows.size(); r++) {
                store.update(ctx, table, own(rows.get(r)), own(updated.get(r)));
                returning.emit(env, updated.get(r), out);
            }
        }
        String tag = (sets == null ? "DELETE " : "UPDATE ") + rows.size();
        return new Result(returning.columns(), out, tag, List.copyOf(ctx.notices()), Map.of());
    }

    /**
     * The joined rows, only the first for each target row: as in PostgreSQL, a target row
     * that joins several rows is changed once, with one of them.
     */
    private List<Object[]> firstPerTargetRow(Env env) {
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : Rows.drain(env, scan.open(env))) {
            List<Object> key = new ArrayList<>(target.keyColumns().size());
            target.keyColumns().forEach(i -> key.add(row[i] instanceof byte[] b ? java.nio.ByteBuffer.wrap(b) : row[i]));
            if (seen.add(key)) {
                out.add(row);
            }
        }
        return out;
    }

    /** The target table's columns of {@code row}. */
    private Object[] own(Object[] row) {
        return target == null ? row : java.util.Arrays.copyOf(row, target.width());
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
