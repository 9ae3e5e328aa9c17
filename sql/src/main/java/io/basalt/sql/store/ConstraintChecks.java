package io.basalt.sql.store;

import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.ForeignKeyDef;
import io.basalt.sql.catalog.ForeignKeys;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.types.Casts;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.Values;

/**
 * The checks a new row version must pass before anything of it is written, with PostgreSQL's
 * SQLSTATEs and wording: NOT NULL (23502), CHECK (23514), and that the rows its foreign keys
 * reference exist (23503). Uniqueness (23505) is checked by {@link RowWriter}, which has the
 * keys at hand.
 */
final class ConstraintChecks {
    static final String NOT_NULL_VIOLATION = "23502";
    static final String CHECK_VIOLATION = "23514";
    static final String FOREIGN_KEY_VIOLATION = "23503";
    static final String UNIQUE_VIOLATION = "23505";

    private ConstraintChecks() {
    }

    static void notNull(ExecContext ctx, TableLayout l, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            ColumnDef c = l.table.columns().get(i);
            if (c.notNull() && row[i] == null) {
                throw new SqlException(NOT_NULL_VIOLATION, "null value in column \"" + c.name() + "\" of relation \""
                    + l.table.name() + "\" violates not-null constraint",
                    "Failing row contains " + RowText.row(l.table, row, ctx.zone()) + ".", null, 0, null);
            }
        }
    }

    /** A CHECK passes when its expression is true or NULL, as in PostgreSQL. */
    static void checks(ExecContext ctx, TableLayout l, Object[] row) {
        for (TableLayout.Check c : l.checks()) {
            if (Boolean.FALSE.equals(c.expr().eval(ctx, row))) {
                throw new SqlException(CHECK_VIOLATION, "new row for relation \"" + l.table.name()
                    + "\" violates check constraint \"" + c.def().name() + "\"",
                    "Failing row contains " + RowText.row(l.table, row, ctx.zone()) + ".", null, 0, null);
            }
        }
    }

    /**
     * 23503 unless the row {@code fk} of {@code row} references exists. A key with a NULL
     * references nothing (MATCH SIMPLE). The referenced row is read in the transaction, so
     * under SERIALIZABLE it stays share-locked, and cannot be deleted, until commit.
     */
    static void referencedRowExists(ExecContext ctx, KvTxn txn, Catalog catalog, Layouts layouts, TableLayout l,
                                    Object[] row, ForeignKeyDef fk) {
        Object[] values = new Object[fk.columnIds().size()];
        for (int j = 0; j < values.length; j++) {
            values[j] = row[l.table.columnIndex(fk.columnIds().get(j))];
            if (values[j] == null) {
                return;
            }
        }
        TableDef ref = catalog.tableById(fk.refTableId());
        if (ref.id() == l.table.id() && referencesItself(l.table, row, fk)) {
            return;
        }
        IndexDef ix = ForeignKeys.referencedIndex(ref, fk.refColumnIds());
        IndexLayout il = layouts.of(ref).layoutOf(ix);
        Object[] key = new Object[il.positions.length];
        for (int k = 0; k < key.length; k++) {
            int j = fk.refColumnIds().indexOf(ix.columnIds().get(k));
            SqlType from = l.table.columnById(fk.columnIds().get(j)).type();
            key[k] = convert(values[j], from, il.types[k]);
        }
        byte[] k = SqlKeys.append(il.prefix, key, il.types, il.descending);
        if (KvErrors.sql(() -> txn.get(k)) == null) {
            throw new SqlException(FOREIGN_KEY_VIOLATION, "insert or update on table \"" + l.table.name()
                + "\" violates foreign key constraint \"" + fk.name() + "\"",
                "Key " + RowText.key(l.table, fk.columnIds(), row, ctx.zone()) + " is not present in table \""
                    + ref.name() + "\".", null, 0, null);
        }
    }

    /** A self-referencing row satisfies its own foreign key (PostgreSQL checks after the insert). */
    private static boolean referencesItself(TableDef t, Object[] row, ForeignKeyDef fk) {
        for (int j = 0; j < fk.columnIds().size(); j++) {
            int from = t.columnIndex(fk.columnIds().get(j));
            int to = t.columnIndex(fk.refColumnIds().get(j));
            if (row[to] == null || !Values.equals(row[from], row[to], t.columns().get(to).type())) {
                return false;
            }
        }
        return true;
    }

    /** {@code v} as a value of {@code to}: foreign key columns may differ in width (int4 referencing int8). */
    static Object convert(Object v, SqlType from, SqlType to) {
        if (v == null || from.kind() == to.kind()) {
            return v;
        }
        return Casts.cast(v, from, to);
    }
}
