package io.basalt.sql.api;

import io.basalt.sql.types.SqlType;
import java.util.List;

/**
 * A parsed, bound and planned statement (the extended protocol's Parse), ready to execute
 * with parameters. {@code paramTypes} are the given or inferred types of $1..$n;
 * {@code columns} is the row shape, or null when it returns no rows. The session caches
 * these, so preparing the same text again is cheap.
 */
public interface Prepared {
    String sql();

    List<SqlType> paramTypes();

    /** Null when the statement returns no rows. */
    List<Column> columns();
}
