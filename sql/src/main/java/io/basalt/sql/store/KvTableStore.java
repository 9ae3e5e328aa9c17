package io.basalt.sql.store;

import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.Sequences;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.TableExprCompiler;
import java.util.Iterator;

/**
 * {@link TableStore} on the transactional key-value store, in the statement's transaction
 * ({@link ExecContext#txn()}) and against its catalog ({@link ExecContext#catalog()}). One
 * instance serves every session of a node; it caches table layouts and compiled CHECK
 * constraints per table version.
 *
 * <p>Scans are lazy: rows are read a page at a time as the caller iterates. The pages are read
 * in the same transaction the caller writes in, and a transaction sees its own writes, so a
 * statement that changes the very index it is scanning (UPDATE t SET id = id + 1 over the
 * primary key) could meet a row it already changed in a later page: such statements must read
 * their rows to the end before writing (the planner does).
 *
 * <p>Locks: {@link RowLock#UPDATE} reads each row with {@code getForUpdate} (exclusive).
 * {@link RowLock#SHARE} and {@link RowLock#NONE} read plainly, which under SERIALIZABLE
 * already share-locks every row and range read; under READ COMMITTED plain reads lock nothing,
 * so FOR SHARE and the foreign key check's read of the referenced row do not hold it there (a
 * concurrent delete of a referenced row can then commit; SERIALIZABLE, the default, is exact).
 * NOWAIT and SKIP LOCKED go to the key-value store with each locking read and with the scan
 * below it ({@link LockedReads}): NOWAIT fails with 55P03 instead of waiting, SKIP LOCKED
 * leaves out the rows another transaction holds. A SKIP LOCKED scan takes no range lock under
 * SERIALIZABLE, so that statement alone is not protected against phantoms.
 */
public final class KvTableStore implements TableStore {
    /** Rows asked of the key-value store per scan request. */
    public static final int SCAN_PAGE_ROWS = 1000;

    private final Layouts layouts;
    private final Sequences sequences;

    /**
     * {@code compiler} compiles CHECK constraints and the DEFAULTs SET DEFAULT needs;
     * {@code sequences} fills the hidden row id of tables without a primary key.
     */
    public KvTableStore(TableExprCompiler compiler, Sequences sequences) {
        this.layouts = new Layouts(compiler);
        this.sequences = sequences;
    }

    @Override
    public Object[] get(ExecContext ctx, TableDef table, Object[] pk, RowLock lock) {
        TableLayout l = layouts.of(table);
        IndexLayout p = l.primary;
        byte[] key = SqlKeys.append(p.prefix, KeyValues.coerce(pk, p.types), p.types, p.descending);
        byte[] value = LockedReads.get(ctx.txn(), key, lock, table);
        return value == null ? null : l.decodeRow(value);
    }

    @Override
    public Iterator<Object[]> scan(ExecContext ctx, TableDef table, IndexDef index, KeyBound lower, KeyBound upper,
                                   RowLock lock) {
        TableLayout l = layouts.of(table);
        IndexLayout il = l.layoutOf(index);
        byte[] start = lower == null ? il.prefix : bound(il, lower, lower.inclusive());
        byte[] end = upper == null ? SqlKeys.prefixEnd(il.prefix) : bound(il, upper, !upper.inclusive());
        return new RowScan(ctx, ctx.txn(), l, il, start, end, lock);
    }

    /** The key where a range bound falls: before the rows equal to its prefix, or after them when {@code before} is false. */
    private static byte[] bound(IndexLayout il, KeyBound b, boolean before) {
        int n = b.values().length;
        if (n > il.types.length) {
            throw new IllegalArgumentException("a bound of " + n + " values on index " + il.index.name() + " of "
                + il.types.length + " columns");
        }
        io.basalt.sql.types.SqlType[] types = java.util.Arrays.copyOf(il.types, n);
        byte[] key = SqlKeys.append(il.prefix, KeyValues.coerce(b.values(), types), types,
            java.util.Arrays.copyOf(il.descending, n));
        return before ? key : SqlKeys.prefixEnd(key);
    }

    /** As {@link TableStore#insert}; a null hidden row id in {@code row} is filled from its sequence, in place. */
    @Override
    public void insert(ExecContext ctx, TableDef table, Object[] row) {
        writer(ctx).insert(table, row);
    }

    /**
     * As {@link TableStore#update}; {@code oldRow} must be the row as read and a different array
     * from {@code newRow} (its index entries are found from it). A null hidden row id in
     * {@code newRow} keeps the old one.
     */
    @Override
    public void update(ExecContext ctx, TableDef table, Object[] oldRow, Object[] newRow) {
        writer(ctx).update(table, oldRow, newRow);
    }

    @Override
    public void delete(ExecContext ctx, TableDef table, Object[] row) {
        writer(ctx).delete(table, row);
    }

    /** Table-wide work for DDL (index builds, validation, rewrites), against the catalog DDL is making. */
    public TableMaintenance maintenance(ExecContext ctx, io.basalt.kv.client.KvTxn txn,
                                        io.basalt.sql.catalog.Catalog catalog) {
        return new TableMaintenance(new RowWriter(ctx, txn, catalog, layouts, sequences));
    }

    private RowWriter writer(ExecContext ctx) {
        return new RowWriter(ctx, ctx.txn(), ctx.catalog(), layouts, sequences);
    }
}
