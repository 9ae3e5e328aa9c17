package io.basalt.sql.catalog;

import java.util.HashSet;
import java.util.List;

/** Lookups foreign keys need on the referenced side. */
public final class ForeignKeys {
    private ForeignKeys() {
    }

    /**
     * The unique index of {@code refTable} whose columns are exactly {@code refColumnIds} (in
     * any order, as PostgreSQL accepts), preferring the primary index; null when there is none,
     * which makes the foreign key impossible (42830).
     */
    public static IndexDef referencedIndex(TableDef refTable, List<Integer> refColumnIds) {
        for (IndexDef ix : refTable.indexes()) {
            if (ix.unique() && ix.columnIds().size() == refColumnIds.size()
                    && new HashSet<>(ix.columnIds()).equals(new HashSet<>(refColumnIds))) {
                return ix;
            }
        }
        return null;
    }

    /**
     * An index of {@code table} whose leading columns are exactly {@code columnIds} (any order):
     * how the rows referencing a key are found without a full scan; null when there is none.
     */
    public static IndexDef leadingIndex(TableDef table, List<Integer> columnIds) {
        for (IndexDef ix : table.indexes()) {
            if (ix.columnIds().size() >= columnIds.size()
                    && new HashSet<>(ix.columnIds().subList(0, columnIds.size())).equals(new HashSet<>(columnIds))) {
                return ix;
            }
        }
        return null;
    }
}
