package io.basalt.sql.store;

import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.sql.exec.ExecContext;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Rows of one index range, read lazily a page at a time. Entries of a secondary index are
 * followed to their row through the primary key; with {@link RowLock#UPDATE} every row is
 * read again with {@code getForUpdate}, which takes its exclusive lock (and, under READ
 * COMMITTED, returns its latest version; a row deleted meanwhile is skipped). With SKIP
 * LOCKED the read that locks a row answers nothing for a row another transaction holds, and
 * the row is skipped the same way.
 *
 * <p>A page ends the scan when it is shorter than {@link KvTableStore#SCAN_PAGE_ROWS}, which
 * relies on the server returning as many rows as asked (its scanRowsMax, 100 000 by default,
 * is far above the page size).
 */
final class RowScan implements Iterator<Object[]> {
    private final ExecContext ctx;
    private final KvTxn txn;
    private final TableLayout table;
    private final IndexLayout index;
    private final byte[] end;
    private final RowLock lock;
    private byte[] nextStart;
    private List<KvRow> page = List.of();
    private int at;
    private Object[] pending;

    RowScan(ExecContext ctx, KvTxn txn, TableLayout table, IndexLayout index, byte[] start, byte[] end, RowLock lock) {
        this.ctx = ctx;
        this.txn = txn;
        this.table = table;
        this.index = index;
        this.nextStart = start;
        this.end = end;
        this.lock = lock;
    }

    @Override
    public boolean hasNext() {
        while (pending == null) {
            if (at < page.size()) {
                pending = resolve(page.get(at++));
            } else if (nextStart == null) {
                return false;
            } else {
                fetch();
            }
        }
        return true;
    }

    @Override
    public Object[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object[] row = pending;
        pending = null;
        return row;
    }

    private void fetch() {
        ctx.checkCancelled();
        byte[] from = nextStart;
        page = LockedReads.scan(txn, from, end, KvTableStore.SCAN_PAGE_ROWS, lock, table.table);
        at = 0;
        nextStart = page.size() < KvTableStore.SCAN_PAGE_ROWS ? null : SqlKeys.successor(page.get(page.size() - 1).key());
    }

    private Object[] resolve(KvRow entry) {
        byte[] value;
        if (index.index.primary()) {
            value = LockedReads.rereads(lock) ? LockedReads.get(txn, entry.key(), lock, table.table) : entry.value();
        } else {
            byte[] pk = SqlKeys.concat(table.primary.prefix, index.pkSuffixOf(entry));
            value = LockedReads.get(txn, pk, lock, table.table);
        }
        return value == null ? null : table.decodeRow(value);
    }
}
