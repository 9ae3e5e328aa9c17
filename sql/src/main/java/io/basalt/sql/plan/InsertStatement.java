package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.HashKey;
import io.basalt.sql.store.TableStore;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A planned INSERT. Its source yields complete rows (defaults filled, values cast to the column
 * types); all of them are computed before the first is written, so INSERT ... SELECT from the
 * same table reads none of its own rows. Constraint checks happen in the store.
 */
final class InsertStatement implements PlannedStatement, Explainable {
    private final TableStore store;
    private final TableDef table;
    private final PlanNode source;
    private final ConflictClause conflict;
    private final Returning returning;
    private final List<SqlType> paramTypes;

    InsertStatement(TableStore store, TableDef table, PlanNode source, ConflictClause conflict, Returning returning,
                    List<SqlType> paramTypes) {
        this.store = store;
        this.table = table;
        this.source = source;
        this.conflict = conflict;
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
        List<Object[]> rows = Rows.drain(env, source.open(env));
        List<Object[]> out = new ArrayList<>();
        Set<HashKey> touched = new HashSet<>();
        long n = 0;
        for (Object[] row : rows) {
            ctx.checkCancelled();
            Object[] existing = conflict == null ? null : conflict.find(env, store, table, row);
            if (existing != null) {
                if (!conflict.doUpdate()) {
                    continue;
                }
                if (!touched.add(Keys.primary(table, existing))) {
                    throw secondTime();
                }
                Object[] updated = conflict.update(env, existing, row);
                if (updated == null) {
                    continue;
                }
                store.update(ctx, table, existing, updated);
                returning.emit(env, updated, out);
            } else {
                store.insert(ctx, table, row);
                if (conflict != null && conflict.doUpdate()) {
                    touched.add(Keys.primary(table, row));
                }
                returning.emit(env, row, out);
            }
            n++;
        }
        return new Result(returning.columns(), out, "INSERT 0 " + n, List.copyOf(ctx.notices()), Map.of());
    }

    private static SqlException secondTime() {
        return new SqlException("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time", null,
                "Ensure that no rows proposed for insertion within the same command have duplicate constrained values.",
                0, null);
    }

    @Override
    public ExplainNode explain() {
        List<String> details = conflict == null ? List.of() : conflict.explainLines();
        return ExplainNode.of("Insert on " + table.name(), details, source.explain());
    }
}
