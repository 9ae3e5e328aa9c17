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
 * COMMITTED, returns its latest version; a row deleted meanwhile is skipped).
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
        page = KvErrors.sql(() -> txn.scan(from, end, KvTableStore.SCAN_PAGE_ROWS));
        at = 0;
        nextStart = page.size() < KvTableStore.SCAN_PAGE_ROWS ? null : SqlKeys.successor(page.get(page.size() - 1).key());
    }

    private Object[] resolve(KvRow entry) {
        byte[] value;
        if (index.index.primary()) {
            value = lock == RowLock.UPDATE ? KvErrors.sql(() -> txn.getForUpdate(entry.key())) : entry.value();
        } else {
            byte[] pk = SqlKeys.concat(table.primary.prefix, index.pkSuffixOf(entry));
            value = KvErrors.sql(() -> lock == RowLock.UPDATE ? txn.getForUpdate(pk) : txn.get(pk));
        }
        return value == null ? null : table.decodeRow(value);
    }
}
