package io.basalt.sql.store;

import io.basalt.kv.client.KvRow;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;
import java.util.Arrays;

/**
 * How one index's entries are made from a row and read back (see package-info): the key
 * columns' places in the row array, their types and directions, and the key prefix.
 */
final class IndexLayout {
    static final byte[] EMPTY = new byte[0];

    final IndexDef index;
    final byte[] prefix;
    final int[] positions;
    final SqlType[] types;
    final boolean[] descending;

    IndexLayout(TableDef table, IndexDef index) {
        this.index = index;
        this.prefix = SqlKeys.indexPrefix(table.id(), index.id());
        int n = index.columnIds().size();
        this.positions = new int[n];
        this.types = new SqlType[n];
        this.descending = new boolean[n];
        for (int i = 0; i < n; i++) {
            int pos = table.columnIndex(index.columnIds().get(i));
            if (pos < 0) {
                throw new IllegalStateException("index " + index.name() + " names column id "
                    + index.columnIds().get(i) + " that table " + table.name() + " lacks");
            }
            positions[i] = pos;
            types[i] = table.columns().get(pos).type();
            descending[i] = index.descending().get(i);
        }
    }

    /** The index key columns of {@code row}, in index order. */
    Object[] keyValues(Object[] row) {
        Object[] v = new Object[positions.length];
        for (int i = 0; i < positions.length; i++) {
            v[i] = row[positions[i]];
        }
        return v;
    }

    boolean hasNull(Object[] row) {
        for (int p : positions) {
            if (row[p] == null) {
                return true;
            }
        }
        return false;
    }

    /** The encoded key columns without the prefix: for the primary index, a row's "pk suffix". */
    byte[] suffix(Object[] row) {
        return SqlKeys.append(EMPTY, keyValues(row), types, descending);
    }

    /** {@code prefix | key columns}: the whole key of a primary or unique entry. */
    byte[] key(Object[] row) {
        return SqlKeys.append(prefix, keyValues(row), types, descending);
    }

    /**
     * True when this index's entry for {@code row} is unique-checked: a unique index and no
     * NULL among its columns (NULLs are distinct, as in PostgreSQL).
     */
    boolean enforcesUniqueness(Object[] row) {
        return index.unique() && !hasNull(row);
    }

    /** The entry of a secondary index for {@code row}, whose primary key suffix is {@code pkSuffix}. */
    KvRow entry(Object[] row, byte[] pkSuffix) {
        if (enforcesUniqueness(row)) {
            return new KvRow(key(row), pkSuffix);
        }
        return new KvRow(SqlKeys.concat(key(row), pkSuffix), EMPTY);
    }

    /** The primary key suffix a secondary entry points at. */
    byte[] pkSuffixOf(KvRow entry) {
        if (entry.value() != null && entry.value().length > 0) {
            return entry.value();
        }
        int end = SqlKeys.skip(entry.key(), prefix.length, types, descending, types.length);
        return Arrays.copyOfRange(entry.key(), end, entry.key().length);
    }
}
