package io.basalt.sql.store;

import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ForeignKeyDef;
import io.basalt.sql.catalog.Sequences;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.types.Values;
import java.util.Arrays;
import java.util.List;

/**
 * Writes row versions and their index entries in one transaction against one catalog,
 * enforcing every constraint. Insert and update check, in PostgreSQL's order, NOT NULL, CHECK,
 * PRIMARY KEY and UNIQUE, then FOREIGN KEY, all before the first write of the row, so a
 * failing row leaves nothing behind. Referential actions of foreign keys that point at the
 * table run through {@link ReferentialActions}.
 */
final class RowWriter {
    final ExecContext ctx;
    final KvTxn txn;
    final Catalog catalog;
    final Layouts layouts;
    private final Sequences sequences;
    private final ReferentialActions actions;

    RowWriter(ExecContext ctx, KvTxn txn, Catalog catalog, Layouts layouts, Sequences sequences) {
        this.ctx = ctx;
        this.txn = txn;
        this.catalog = catalog;
        this.layouts = layouts;
        this.sequences = sequences;
        this.actions = new ReferentialActions(this);
    }

    void insert(TableDef table, Object[] row) {
        TableLayout l = layouts.of(table);
        checkShape(l, row);
        if (l.hiddenPosition >= 0 && row[l.hiddenPosition] == null) {
            row[l.hiddenPosition] = sequences.next(table, table.columns().get(l.hiddenPosition));
        }
        ConstraintChecks.notNull(ctx, l, row);
        ConstraintChecks.checks(ctx, l, row);
        byte[] pkSuffix = l.primary.suffix(row);
        byte[] pkKey = SqlKeys.concat(l.primary.prefix, pkSuffix);
        requireAbsent(l, l.primary, pkKey, row);
        KvRow[] entries = new KvRow[l.secondaries.size()];
        for (int i = 0; i < entries.length; i++) {
            IndexLayout ix = l.secondaries.get(i);
            entries[i] = ix.entry(row, pkSuffix);
            if (ix.enforcesUniqueness(row)) {
                requireAbsent(l, ix, entries[i].key(), row);
            }
        }
        for (ForeignKeyDef fk : table.foreignKeys()) {
            ConstraintChecks.referencedRowExists(ctx, txn, catalog, layouts, l, row, fk);
        }
        KvErrors.sqlRun(() -> {
            txn.put(pkKey, l.encodeRow(row));
            for (KvRow e : entries) {
                txn.put(e.key(), e.value());
            }
        });
    }

    void update(TableDef table, Object[] oldRow, Object[] newRow) {
        TableLayout l = layouts.of(table);
        checkShape(l, oldRow);
        checkShape(l, newRow);
        if (l.hiddenPosition >= 0 && newRow[l.hiddenPosition] == null) {
            newRow[l.hiddenPosition] = oldRow[l.hiddenPosition];
        }
        ConstraintChecks.notNull(ctx, l, newRow);
        ConstraintChecks.checks(ctx, l, newRow);
        byte[] oldSuffix = l.primary.suffix(oldRow);
        byte[] newSuffix = l.primary.suffix(newRow);
        byte[] oldPk = SqlKeys.concat(l.primary.prefix, oldSuffix);
        byte[] newPk = SqlKeys.concat(l.primary.prefix, newSuffix);
        boolean pkMoved = !Arrays.equals(oldSuffix, newSuffix);
        if (pkMoved) {
            requireAbsent(l, l.primary, newPk, newRow);
        }
        KvRow[] oldEntries = new KvRow[l.secondaries.size()];
        KvRow[] newEntries = new KvRow[l.secondaries.size()];
        for (int i = 0; i < newEntries.length; i++) {
            IndexLayout ix = l.secondaries.get(i);
            oldEntries[i] = ix.entry(oldRow, oldSuffix);
            newEntries[i] = ix.entry(newRow, newSuffix);
            if (!Arrays.equals(oldEntries[i].key(), newEntries[i].key()) && ix.enforcesUniqueness(newRow)) {
                requireAbsent(l, ix, newEntries[i].key(), newRow);
            }
        }
        for (ForeignKeyDef fk : table.foreignKeys()) {
            if (changed(l, fk.columnIds(), oldRow, newRow)) {
                ConstraintChecks.referencedRowExists(ctx, txn, catalog, layouts, l, newRow, fk);
            }
        }
        actions.beforeUpdate(table, oldRow, newRow);
        KvErrors.sqlRun(() -> {
            if (pkMoved) {
                txn.delete(oldPk);
            }
            txn.put(newPk, l.encodeRow(newRow));
            for (int i = 0; i < newEntries.length; i++) {
                boolean sameKey = Arrays.equals(oldEntries[i].key(), newEntries[i].key());
                if (!sameKey) {
                    txn.delete(oldEntries[i].key());
                }
                if (!sameKey || !Arrays.equals(oldEntries[i].value(), newEntries[i].value())) {
                    txn.put(newEntries[i].key(), newEntries[i].value());
                }
            }
        });
        actions.afterUpdate(table, oldRow, newRow);
    }

    void delete(TableDef table, Object[] row) {
        TableLayout l = layouts.of(table);
        checkShape(l, row);
        actions.beforeDelete(table, row);
        byte[] suffix = l.primary.suffix(row);
        KvErrors.sqlRun(() -> {
            txn.delete(SqlKeys.concat(l.primary.prefix, suffix));
            for (IndexLayout ix : l.secondaries) {
                txn.delete(ix.entry(row, suffix).key());
            }
        });
        actions.afterDelete(table, row);
    }

    /** True when any of {@code columnIds} differs between the two row versions. */
    static boolean changed(TableLayout l, List<Integer> columnIds, Object[] oldRow, Object[] newRow) {
        for (int id : columnIds) {
            int p = l.table.columnIndex(id);
            if (!Values.equals(oldRow[p], newRow[p], l.types[p])) {
                return true;
            }
        }
        return false;
    }

    /**
     * 23505 when {@code key} exists. Read with the exclusive lock the write is about to take:
     * a concurrent insert of the same key then waits for this transaction and sees its entry
     * (as PostgreSQL waits on the other inserter), at any isolation level, and two inserters
     * never deadlock upgrading shared locks.
     */
    private void requireAbsent(TableLayout l, IndexLayout ix, byte[] key, Object[] row) {
        if (KvErrors.sql(() -> txn.getForUpdate(key)) != null) {
            throw new SqlException(ConstraintChecks.UNIQUE_VIOLATION, "duplicate key value violates unique constraint \""
                + ix.index.name() + "\"", "Key " + RowText.key(l.table, ix.index.columnIds(), row, ctx.zone())
                + " already exists.", null, 0, null);
        }
    }

    private static void checkShape(TableLayout l, Object[] row) {
        if (row.length != l.columnIds.length) {
            throw new IllegalArgumentException("a row of " + l.table.name() + " has " + l.columnIds.length
                + " values, got " + row.length);
        }
    }
}
