package io.basalt.sql.catalog;

import java.util.List;

/**
 * A table as the catalog stores it. {@code columns} are the visible columns in position order,
 * followed by the hidden row id column when the table has no declared primary key;
 * {@code indexes} start with the primary index. The table's id prefixes every key of its rows
 * and indexes, so keys already have the shape hash sharding by primary key will split.
 * {@code nextColumnId} and {@code nextIndexId} are never reused after a drop, so stale row
 * bytes and index entries can never be mistaken for a newer column or index.
 */
public record TableDef(int id, String name, List<ColumnDef> columns, List<IndexDef> indexes,
                       List<ForeignKeyDef> foreignKeys, List<CheckDef> checks, int nextColumnId, int nextIndexId) {
    public TableDef {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
        checks = List.copyOf(checks);
    }

    public IndexDef primaryIndex() {
        return indexes.get(0);
    }

    /** The column called {@code name} (case-sensitive, already folded), or null. Hidden columns are not found. */
    public ColumnDef column(String name) {
        for (ColumnDef c : columns) {
            if (c.name().equals(name) && !c.hidden()) {
                return c;
            }
        }
        return null;
    }

    public ColumnDef columnById(int id) {
        for (ColumnDef c : columns) {
            if (c.id() == id) {
                return c;
            }
        }
        return null;
    }

    /** The index of column {@code id} in {@link #columns()} (and so in a row array), or -1. */
    public int columnIndex(int id) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    /** Columns a user sees (SELECT *), in position order. */
    public List<ColumnDef> visibleColumns() {
        return columns.stream().filter(c -> !c.hidden()).toList();
    }

    /** The hidden row id column, or null when the table has a declared primary key. */
    public ColumnDef hiddenRowId() {
        for (ColumnDef c : columns) {
            if (c.hidden()) {
                return c;
            }
        }
        return null;
    }

    /** The index called {@code name}, or null. */
    public IndexDef index(String name) {
        for (IndexDef i : indexes) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    public IndexDef indexById(int id) {
        for (IndexDef i : indexes) {
            if (i.id() == id) {
                return i;
            }
        }
        return null;
    }
}
