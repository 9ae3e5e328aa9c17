package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Result;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.expr.Env;
import io.basalt.sql.types.SqlType;
import java.util.List;
import java.util.Map;

/** A planned SELECT (or VALUES, or set operation): runs the plan and returns all its rows. */
final class QueryStatement implements PlannedStatement, Explainable {
    private final QueryPlan plan;
    private final List<SqlType> paramTypes;
    private final boolean locks;

    QueryStatement(QueryPlan plan, List<SqlType> paramTypes, boolean locks) {
        this.plan = plan;
        this.paramTypes = paramTypes;
        this.locks = locks;
    }

    @Override
    public List<SqlType> paramTypes() {
        return paramTypes;
    }

    @Override
    public List<Column> columns() {
        return plan.columns();
    }

    /** A SELECT ... FOR UPDATE takes write locks, which a read-only transaction may not. */
    @Override
    public boolean writes() {
        return locks;
    }

    @Override
    public Result execute(ExecContext ctx) {
        Env env = Env.root(ctx);
        List<Object[]> rows = Rows.drain(env, plan.root().open(env));
        return new Result(plan.columns(), rows, "SELECT " + rows.size(), List.copyOf(ctx.notices()), Map.of());
    }

    @Override
    public ExplainNode explain() {
        return plan.root().explain();
    }
}
