package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Result;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** EXPLAIN: the plan of the inner statement as text lines, one row each, in a column "QUERY PLAN". */
final class ExplainPlanned implements PlannedStatement {
    private static final List<Column> COLUMNS = List.of(Column.computed("QUERY PLAN", SqlType.TEXT));

    private final PlannedStatement inner;
    private final List<String> lines;

    ExplainPlanned(PlannedStatement inner) {
        this.inner = inner;
        this.lines = ((Explainable) inner).explain().render();
    }

    @Override
    public List<SqlType> paramTypes() {
        return inner.paramTypes();
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    public Result execute(ExecContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        for (String l : lines) {
            rows.add(new Object[] {l});
        }
        return new Result(COLUMNS, rows, "EXPLAIN", List.of(), Map.of());
    }
}
