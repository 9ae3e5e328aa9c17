package io.basalt.sql.store;

import io.basalt.kv.client.KvRow;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.CheckDef;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.ForeignKeyDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The table-wide work of DDL, in the DDL statement's transaction and against the catalog it is
 * making: building an index from the rows, validating a new constraint against them,
 * rewriting rows, and deleting a table's or an index's keys.
 *
 * <p>The key-value API deletes one key at a time, so deleting a range scans it and deletes
 * what it finds, {@link #DELETE_BATCH_KEYS} keys per round. All of it is buffered in the one
 * transaction, so the size of a table DDL can rewrite or drop is bounded by the transaction's
 * write limit (txnWriteBytesMax, SQLSTATE 54000). A range delete in the key-value layer would
 * lift that bound for DROP.
 */
public final class TableMaintenance {
    /** Keys read and deleted per round of a range delete. */
    static final int DELETE_BATCH_KEYS = 1000;

    private final RowWriter w;

    TableMaintenance(RowWriter w) {
        this.w = w;
    }

    /** Writes the entries of secondary {@code index} (already in {@code table}) for every row; 23505 for a duplicate. */
    public void buildIndex(TableDef table, IndexDef index) {
        if (index.primary()) {
            throw new IllegalArgumentException("the primary index of " + table.name() + " is built by rebuildPrimary");
        }
        TableLayout l = w.layouts.of(table);
        IndexLayout il = l.layoutOf(index);
        NewKeys written = isEmpty(il) ? new NewKeys() : null;
        Iterator<Object[]> rows = rows(table);
        while (rows.hasNext()) {
            Object[] row = rows.next();
            KvRow e = il.entry(row, l.primary.suffix(row));
            if (il.enforcesUniqueness(row) && (written == null || !written.add(e.key()))) {
                requireNew(l, il, e.key(), row);
            }
            KvErrors.sqlRun(() -> w.txn.put(e.key(), e.value()));
        }
    }

    /** Deletes every entry of index {@code indexId} of table {@code tableId}. */
    public void deleteIndex(int tableId, int indexId) {
        deleteRange(SqlKeys.indexPrefix(tableId, indexId));
    }

    /** Deletes every key of table {@code tableId}: its rows and all its index entries. */
    public void deleteTable(int tableId) {
        deleteRange(SqlKeys.tablePrefix(tableId));
    }

    /** Deletes one key (a sequence's, when its column goes). */
    public void deleteKey(byte[] key) {
        KvErrors.sqlRun(() -> w.txn.delete(key));
    }

    /** 23514 unless every row passes {@code check} (already in {@code table}). */
    public void validateCheck(TableDef table, CheckDef check) {
        TableLayout l = w.layouts.of(table);
        TableLayout.Check compiled = l.checks().stream().filter(c -> c.def().name().equals(check.name()))
            .findFirst().orElseThrow();
        Iterator<Object[]> rows = rows(table);
        while (rows.hasNext()) {
            if (Boolean.FALSE.equals(compiled.expr().eval(w.ctx, rows.next()))) {
                throw new SqlException(ConstraintChecks.CHECK_VIOLATION, "check constraint \"" + check.name()
                    + "\" of relation \"" + table.name() + "\" is violated by some row");
            }
        }
    }

    /** 23503 unless every row's key of {@code fk} (already in {@code table}) exists in the referenced table. */
    public void validateForeignKey(TableDef table, ForeignKeyDef fk) {
        TableLayout l = w.layouts.of(table);
        Iterator<Object[]> rows = rows(table);
        while (rows.hasNext()) {
            ConstraintChecks.referencedRowExists(w.ctx, w.txn, w.catalog, w.layouts, l, rows.next(), fk);
        }
    }

    /** 23502 when some row has NULL in {@code columns} (ADD PRIMARY KEY, ADD COLUMN ... NOT NULL). */
    public void validateNotNull(TableDef table, List<ColumnDef> columns) {
        TableLayout l = w.layouts.of(table);
        Iterator<Object[]> rows = rows(table);
        while (rows.hasNext()) {
            Object[] row = rows.next();
            for (ColumnDef c : columns) {
                if (row[l.table.columnIndex(c.id())] == null) {
                    throw new SqlException(ConstraintChecks.NOT_NULL_VIOLATION, "column \"" + c.name()
                        + "\" of relation \"" + table.name() + "\" contains null values");
                }
            }
        }
    }

    /**
     * Rewrites every row of {@code table} in place (same primary key) after {@code fill}
     * changed it: how ADD COLUMN gives old rows a value per row (serial and identity columns).
     */
    public void rewriteRows(TableDef table, UnaryOperator<Object[]> fill) {
        TableLayout l = w.layouts.of(table);
        Iterator<Object[]> rows = rows(table);
        while (rows.hasNext()) {
            Object[] row = fill.apply(rows.next());
            KvErrors.sqlRun(() -> w.txn.put(l.primary.key(row), l.encodeRow(row)));
        }
    }

    /**
     * Moves every row from {@code before}'s primary index to {@code after}'s (a new index id,
     * so old and new keys never collide), converting each with {@code convert}, and rebuilds
     * every secondary index, whose entries name rows by primary key: ADD and DROP PRIMARY KEY.
     * 23505 when two rows get the same new key.
     */
    public void rebuildPrimary(TableDef before, TableDef after, UnaryOperator<Object[]> convert) {
        for (IndexDef ix : before.indexes()) {
            if (!ix.primary()) {
                deleteIndex(before.id(), ix.id());
            }
        }
        TableLayout from = w.layouts.of(before);
        TableLayout to = w.layouts.of(after);
        NewKeys written = isEmpty(to.primary) ? new NewKeys() : null;
        Iterator<Object[]> rows = rows(before);
        while (rows.hasNext()) {
            Object[] old = rows.next();
            Object[] row = convert.apply(old);
            byte[] key = to.primary.key(row);
            if (written == null || !written.add(key)) {
                requireNew(to, to.primary, key, row);
            }
            KvErrors.sqlRun(() -> {
                w.txn.put(key, to.encodeRow(row));
                w.txn.delete(from.primary.key(old));
            });
        }
        for (IndexDef ix : after.indexes()) {
            if (!ix.primary()) {
                buildIndex(after, ix);
            }
        }
    }

    private Iterator<Object[]> rows(TableDef table) {
        TableLayout l = w.layouts.of(table);
        return new RowScan(w.ctx, w.txn, l, l.primary, l.primary.prefix, SqlKeys.prefixEnd(l.primary.prefix),
            RowLock.NONE);
    }

    /**
     * Whether index {@code il} has no entry yet, in this transaction, which then holds the
     * index's range so that no other can add one: a build into it need not read back each key
     * it writes to find duplicates ({@link NewKeys}).
     */
    private boolean isEmpty(IndexLayout il) {
        return KvErrors.sql(() -> w.txn.scan(il.prefix, SqlKeys.prefixEnd(il.prefix), 1)).isEmpty();
    }

    private void requireNew(TableLayout l, IndexLayout il, byte[] key, Object[] row) {
        if (KvErrors.sql(() -> w.txn.get(key)) != null) {
            throw new SqlException(ConstraintChecks.UNIQUE_VIOLATION, "could not create unique index \""
                + il.index.name() + "\"", "Key " + RowText.key(l.table, il.index.columnIds(), row, w.ctx.zone())
                + " is duplicated.", null, 0, null);
        }
    }

    private void deleteRange(byte[] prefix) {
        byte[] end = SqlKeys.prefixEnd(prefix);
        byte[] start = prefix;
        while (true) {
            w.ctx.checkCancelled();
            byte[] from = start;
            List<KvRow> page = KvErrors.sql(() -> w.txn.scan(from, end, DELETE_BATCH_KEYS));
            KvErrors.sqlRun(() -> {
                for (KvRow r : page) {
                    w.txn.delete(r.key());
                }
            });
            if (page.size() < DELETE_BATCH_KEYS) {
                return;
            }
            start = SqlKeys.successor(page.get(page.size() - 1).key());
        }
    }
}
