package io.basalt.sql.exec;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Result;
import io.basalt.sql.types.SqlType;
import java.util.List;

/**
 * A statement bound against one catalog version and planned, reusable with new parameter
 * values (the prepared-statement cache holds these). {@link #execute} runs it in the
 * context's transaction and materialises its result.
 */
public interface PlannedStatement {
    /** Types of $1..$n, as given or inferred. */
    List<SqlType> paramTypes();

    /** The row shape, or null when the statement returns no rows. */
    List<Column> columns();

    /** True if the statement writes (INSERT/UPDATE/DELETE/DDL): refused in READ ONLY transactions with 25006. */
    boolean writes();

    Result execute(ExecContext ctx);
}
