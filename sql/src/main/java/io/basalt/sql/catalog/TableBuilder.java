package io.basalt.sql.catalog;

import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * A table definition being changed by one DDL statement. Keeps the {@link TableDef}
 * invariants: visible columns in position order with the hidden row id last, the primary
 * index first with id 1, column and index ids never reused.
 */
final class TableBuilder {
    /** The name of the hidden row id column of a table without a declared primary key. */
    static final String ROW_ID_COLUMN = "rowid";

    private final int id;
    private final String name;
    private final List<ColumnDef> columns;
    private final List<IndexDef> indexes;
    private final List<ForeignKeyDef> foreignKeys;
    private final List<CheckDef> checks;
    private int nextColumnId;
    private int nextIndexId;

    private TableBuilder(int id, String name, List<ColumnDef> columns, List<IndexDef> indexes,
                         List<ForeignKeyDef> foreignKeys, List<CheckDef> checks, int nextColumnId, int nextIndexId) {
        this.id = id;
        this.name = name;
        this.columns = new ArrayList<>(columns);
        this.indexes = new ArrayList<>(indexes);
        this.foreignKeys = new ArrayList<>(foreignKeys);
        this.checks = new ArrayList<>(checks);
        this.nextColumnId = nextColumnId;
        this.nextIndexId = nextIndexId;
    }

    /** A new table; index id 1 is kept for the primary index. */
    static TableBuilder create(int id, String name) {
        return new TableBuilder(id, name, List.of(), List.of(), List.of(), List.of(), 1, IndexDef.PRIMARY_ID + 1);
    }

    static TableBuilder of(TableDef t) {
        return new TableBuilder(t.id(), t.name(), t.columns(), t.indexes(), t.foreignKeys(), t.checks(),
            t.nextColumnId(), t.nextIndexId());
    }

    TableDef build() {
        return new TableDef(id, name, columns, indexes, foreignKeys, checks, nextColumnId, nextIndexId);
    }

    int id() {
        return id;
    }

    String name() {
        return name;
    }

    List<ColumnDef> columns() {
        return columns;
    }

    List<IndexDef> indexes() {
        return indexes;
    }

    List<ForeignKeyDef> foreignKeys() {
        return foreignKeys;
    }

    List<CheckDef> checks() {
        return checks;
    }

    ColumnDef column(String columnName) {
        for (ColumnDef c : columns) {
            if (!c.hidden() && c.name().equals(columnName)) {
                return c;
            }
        }
        return null;
    }

    ColumnDef columnById(int columnId) {
        for (ColumnDef c : columns) {
            if (c.id() == columnId) {
                return c;
            }
        }
        return null;
    }

    IndexDef primary() {
        return indexes.isEmpty() || !indexes.get(0).primary() ? null : indexes.get(0);
    }

    /** Adds a visible column after the others (before the hidden row id) and returns it. */
    ColumnDef addColumn(String columnName, SqlType type, boolean notNull, String defaultSql,
                        ColumnDef.Identity identity, String sequenceName, SequenceDef sequence,
                        Object missingValue) {
        int position = 1;
        int insertAt = 0;
        for (int i = 0; i < columns.size(); i++) {
            ColumnDef c = columns.get(i);
            if (!c.hidden()) {
                position = Math.max(position, c.position() + 1);
                insertAt = i + 1;
            }
        }
        ColumnDef c = new ColumnDef(nextColumnId++, position, columnName, type, notNull, defaultSql, identity,
            sequenceName, false, missingValue, sequence);
        columns.add(insertAt, c);
        return c;
    }

    /** Adds the hidden row id column, filled from {@code sequenceName}, and returns it. */
    ColumnDef addRowId(String sequenceName) {
        ColumnDef c = new ColumnDef(nextColumnId++, 0, ROW_ID_COLUMN, SqlType.INT8, true, null,
            ColumnDef.Identity.ALWAYS, sequenceName, true, null);
        columns.add(c);
        return c;
    }

    void replaceColumn(ColumnDef c) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).id() == c.id()) {
                columns.set(i, c);
                return;
            }
        }
        throw new IllegalArgumentException("no column " + c.id() + " in " + name);
    }

    void removeColumn(int columnId) {
        columns.removeIf(c -> c.id() == columnId);
    }

    /**
     * Sets the primary index, replacing any previous one. A new table's gets id 1; a rebuilt
     * one (ADD or DROP PRIMARY KEY) a fresh id, so its keys never meet the old index's.
     */
    IndexDef setPrimary(String indexName, List<Integer> columnIds, List<Boolean> descending) {
        int indexId = primary() == null && nextIndexId == IndexDef.PRIMARY_ID + 1 ? IndexDef.PRIMARY_ID : nextIndexId++;
        IndexDef pk = new IndexDef(indexId, indexName, columnIds, descending, true, true, true);
        if (primary() != null) {
            indexes.set(0, pk);
        } else {
            indexes.add(0, pk);
        }
        return pk;
    }

    IndexDef addIndex(String indexName, List<Integer> columnIds, List<Boolean> descending, boolean unique,
                      boolean constraint) {
        IndexDef ix = new IndexDef(nextIndexId++, indexName, columnIds, descending, unique, false, constraint);
        indexes.add(ix);
        return ix;
    }

    /** True when an index, constraint or sequence of this table is called {@code n}. */
    boolean usesName(String n) {
        return indexes.stream().anyMatch(i -> i.name().equals(n))
            || foreignKeys.stream().anyMatch(f -> f.name().equals(n))
            || checks.stream().anyMatch(c -> c.name().equals(n))
            || columns.stream().anyMatch(c -> n.equals(c.sequenceName()));
    }

    /** True when a constraint of this table (primary key, unique, foreign key, check) is called {@code n}. */
    boolean hasConstraint(String n) {
        return indexes.stream().anyMatch(i -> i.constraint() && i.name().equals(n))
            || foreignKeys.stream().anyMatch(f -> f.name().equals(n))
            || checks.stream().anyMatch(c -> c.name().equals(n));
    }

    void removeIndex(int indexId) {
        indexes.removeIf(i -> i.id() == indexId);
    }
}
