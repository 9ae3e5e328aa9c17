package io.basalt.sql.api;

import io.basalt.sql.types.SqlType;

/**
 * One column of a result, as RowDescription describes it. {@code tableOid} and
 * {@code columnNumber} name the table column it comes from (0 when it is computed).
 */
public record Column(String name, SqlType type, int tableOid, int columnNumber) {
    public static Column computed(String name, SqlType type) {
        return new Column(name, type, 0, 0);
    }
}
