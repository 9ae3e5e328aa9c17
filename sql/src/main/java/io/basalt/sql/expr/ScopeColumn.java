package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;

/**
 * One column of the row a scope describes: the FROM item it belongs to ({@code table}, the
 * alias or table name, null for an unnamed item), its name and type, and the table column it
 * comes from ({@code tableOid}/{@code columnNumber}, 0 when computed) for RowDescription.
 */
public record ScopeColumn(String table, String name, SqlType type, int tableOid, int columnNumber,
                          Visibility visibility) {

    /** Who can name the column. */
    public enum Visibility {
        /** Any reference, and {@code *}. */
        VISIBLE,
        /** Only {@code table.name}: the right-hand copy of a JOIN ... USING column. */
        QUALIFIED_ONLY,
        /** Nobody: the row id of a table without a primary key. */
        HIDDEN
    }

    public ScopeColumn withTable(String newTable) {
        return new ScopeColumn(newTable, name, type, tableOid, columnNumber, visibility);
    }

    public ScopeColumn withVisibility(Visibility v) {
        return new ScopeColumn(table, name, type, tableOid, columnNumber, v);
    }
}
