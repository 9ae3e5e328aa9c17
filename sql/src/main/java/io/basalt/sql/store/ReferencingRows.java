package io.basalt.sql.store;

import io.basalt.sql.catalog.ForeignKeyDef;
import io.basalt.sql.catalog.ForeignKeys;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.Values;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Finds the rows of a referencing table whose foreign key equals a given key. With an index
 * whose leading columns are the foreign key columns this is a range scan; without one it is a
 * scan of the whole referencing table, correct but slow (PostgreSQL does not create that index
 * either; the documentation should tell users to).
 */
final class ReferencingRows {
    private ReferencingRows() {
    }

    /**
     * Up to {@code limit} rows of {@code child} whose {@code fk} columns equal {@code key}
     * (values in {@code fk.columnIds()} order, already of the child's column types), leaving
     * out the row whose primary key suffix is {@code skipPkSuffix} (null: none).
     */
    static List<Object[]> find(RowWriter w, TableDef child, ForeignKeyDef fk, Object[] key, int limit,
                               byte[] skipPkSuffix) {
        TableLayout l = w.layouts.of(child);
        int[] positions = new int[key.length];
        for (int j = 0; j < key.length; j++) {
            positions[j] = child.columnIndex(fk.columnIds().get(j));
        }
        IndexDef ix = ForeignKeys.leadingIndex(child, fk.columnIds());
        IndexLayout il;
        byte[] start;
        if (ix != null) {
            il = l.layoutOf(ix);
            Object[] prefixValues = new Object[key.length];
            for (int k = 0; k < key.length; k++) {
                prefixValues[k] = key[fk.columnIds().indexOf(ix.columnIds().get(k))];
            }
            start = SqlKeys.append(il.prefix, prefixValues, il.types, il.descending);
        } else {
            il = l.primary;
            start = il.prefix;
        }
        Iterator<Object[]> rows = new RowScan(w.ctx, w.txn, l, il, start, SqlKeys.prefixEnd(start), RowLock.NONE);
        List<Object[]> out = new ArrayList<>();
        while (rows.hasNext() && out.size() < limit) {
            Object[] row = rows.next();
            if (matches(l, positions, key, row)
                    && (skipPkSuffix == null || !java.util.Arrays.equals(skipPkSuffix, l.primary.suffix(row)))) {
                out.add(row);
            }
        }
        return out;
    }

    private static boolean matches(TableLayout l, int[] positions, Object[] key, Object[] row) {
        for (int j = 0; j < positions.length; j++) {
            Object v = row[positions[j]];
            if (v == null || !Values.equals(v, key[j], l.types[positions[j]])) {
                return false;
            }
        }
        return true;
    }
}
