package io.basalt.sql.catalog;

import java.util.List;

/**
 * An index of a table: the primary index (whose entries hold the rows), a unique index or a
 * plain one. {@code columnIds} are the key columns in order with {@code descending} flags.
 * Index ids are unique within the table and never reused. A table's primary index is id 1
 * when the table is created; ADD or DROP PRIMARY KEY moves the rows to a primary index with a
 * fresh id, so old and new keys never share a prefix while the rows move. Find the primary
 * index with {@link TableDef#primaryIndex()}, not by id.
 * {@code constraint} is true when the index implements a PRIMARY KEY or UNIQUE constraint
 * (then it is dropped with ALTER TABLE ... DROP CONSTRAINT, not DROP INDEX), false for one
 * made by CREATE [UNIQUE] INDEX.
 */
public record IndexDef(int id, String name, List<Integer> columnIds, List<Boolean> descending, boolean unique,
                       boolean primary, boolean constraint) {
    public static final int PRIMARY_ID = 1;

    public IndexDef {
        columnIds = List.copyOf(columnIds);
        descending = List.copyOf(descending);
        if (columnIds.size() != descending.size()) {
            throw new IllegalArgumentException("index " + name + ": one descending flag per column");
        }
    }

    /** An index whose constraint flag follows {@code primary} (primary keys are constraints). */
    public IndexDef(int id, String name, List<Integer> columnIds, List<Boolean> descending, boolean unique,
                    boolean primary) {
        this(id, name, columnIds, descending, unique, primary, primary);
    }

    /** True when {@code columnId} is one of the key columns. */
    public boolean covers(int columnId) {
        return columnIds.contains(columnId);
    }
}
