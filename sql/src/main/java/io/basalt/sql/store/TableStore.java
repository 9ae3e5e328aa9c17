package io.basalt.sql.store;

import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.ExecContext;
import java.util.Iterator;

/**
 * Rows of tables on the key-value store. A row is an {@code Object[]} holding a value for
 * every column of {@link TableDef#columns()} in that order (hidden row id included). Writes
 * maintain every index and enforce PRIMARY KEY, UNIQUE, NOT NULL, CHECK and FOREIGN KEY
 * constraints, raising SqlException with PostgreSQL's SQLSTATE (23505, 23502, 23514, 23503)
 * before anything of the failing row is written.
 */
public interface TableStore {
    /** The row with primary key {@code pk} (values of the primary index columns), or null. */
    Object[] get(ExecContext ctx, TableDef table, Object[] pk, RowLock lock);

    /**
     * Rows whose {@code index} key lies between {@code lower} and {@code upper} (null: open),
     * in index order. Under SERIALIZABLE the scanned range is locked, so no phantom appears.
     */
    Iterator<Object[]> scan(ExecContext ctx, TableDef table, IndexDef index, KeyBound lower, KeyBound upper,
                            RowLock lock);

    /** Inserts {@code row} (defaults already applied); 23505 when a unique key exists. */
    void insert(ExecContext ctx, TableDef table, Object[] row);

    /** Replaces {@code oldRow} (as read) by {@code newRow}; applies ON UPDATE actions of referencing keys. */
    void update(ExecContext ctx, TableDef table, Object[] oldRow, Object[] newRow);

    /** Deletes {@code row} (as read); applies ON DELETE actions of referencing foreign keys. */
    void delete(ExecContext ctx, TableDef table, Object[] row);
}
