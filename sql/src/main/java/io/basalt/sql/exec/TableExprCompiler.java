package io.basalt.sql.exec;

import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;

/**
 * Compiles an expression stored as SQL text in the catalog (a CHECK constraint, a column
 * DEFAULT) into a {@link RowExpr} over rows of {@code table} (arrays in
 * {@link TableDef#columns()} order). Implemented by the expression compiler; the table store
 * uses it to enforce CHECK constraints.
 */
public interface TableExprCompiler {
    /** Compiles {@code sql}; the result is coerced to {@code expected} unless that is null. */
    RowExpr compile(TableDef table, String sql, SqlType expected);
}
