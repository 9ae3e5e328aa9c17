package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;

/**
 * A planned subquery as an expression uses it. It runs in an {@link Env} nested for the
 * current row of the enclosing query when it is correlated.
 */
public interface Subquery {
    List<SqlType> columnTypes();

    /** Output column names (a scalar subquery's column is named after its first column). */
    List<String> columnNames();

    /** Row indexes of the enclosing query's row that the subquery reads. */
    BitSet outerRefs();

    /** Whether it reads rows of queries further out than the directly enclosing one. */
    boolean readsFurtherOut();

    Iterator<Object[]> open(Env env);
}
