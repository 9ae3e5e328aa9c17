package io.basalt.sql.plan;

import java.util.List;

/**
 * The order a node's rows come out in, when it has one: by the row columns {@code columns}
 * (each ascending or descending, nulls where the index keeps them: after the values ascending,
 * before them descending, which is also SQL's default). The first {@code fixed} columns have
 * one value in all rows (an equality on an index prefix), so they order nothing.
 */
record RowOrder(List<Integer> columns, List<Boolean> descending, int fixed) {
    static final RowOrder NONE = new RowOrder(List.of(), List.of(), 0);

    /**
     * Whether rows in this order are already sorted by {@code keys}, where {@code columnOf}
     * says which row column each key's output column is (-1: not a plain column).
     */
    boolean satisfies(List<SortNode.Key> keys, java.util.function.IntUnaryOperator columnOf) {
        int j = 0;
        for (SortNode.Key k : keys) {
            int col = columnOf.applyAsInt(k.index());
            if (col < 0 || k.nullsFirst() != k.descending()) {
                return false;
            }
            if (columns.subList(0, Math.min(fixed, columns.size())).contains(col)) {
                continue;
            }
            while (j < fixed && j < columns.size() && columns.get(j) != col) {
                j++;
            }
            if (j >= columns.size() || columns.get(j) != col || descending.get(j) != k.descending()) {
                return false;
            }
            j++;
        }
        return true;
    }
}
