package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.CheckDef;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.RowExpr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.store.KeyBound;
import io.basalt.sql.store.RowLock;
import io.basalt.sql.store.TableStore;
import io.basalt.sql.types.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A TableStore in memory for planner tests: per table a map ordered by primary key; scans of
 * other indexes sort the rows by that index. It enforces NOT NULL, unique keys and CHECK, numbers
 * hidden row ids, and records the locks it was asked for, which tests assert on.
 */
final class MemoryTableStore implements TableStore {
    /** A lock request as the planner made it. */
    record LockRequest(String table, String how, RowLock lock) {
    }

    private final Map<Integer, TreeMap<Object[], Object[]>> tables = new HashMap<>();
    private final ExprCompiler checks = new ExprCompiler();
    private final List<LockRequest> locks = new ArrayList<>();
    private long nextRowId = 1;
    /** Point reads and scans the planner asked for, for tests of access paths. */
    final List<String> reads = new ArrayList<>();

    /** A copy of every table's rows, to go back to when a statement fails (the session's job in Basalt). */
    Map<Integer, TreeMap<Object[], Object[]>> snapshot() {
        Map<Integer, TreeMap<Object[], Object[]>> copy = new HashMap<>();
        tables.forEach((id, rows) -> copy.put(id, new TreeMap<>(rows)));
        return copy;
    }

    void restore(Map<Integer, TreeMap<Object[], Object[]>> snapshot) {
        tables.clear();
        tables.putAll(snapshot);
    }

    List<LockRequest> locks() {
        return locks;
    }

    private TreeMap<Object[], Object[]> rows(TableDef t) {
        return tables.computeIfAbsent(t.id(), id -> new TreeMap<>(keyOrder(t, t.primaryIndex())));
    }

    /** Order of index keys: the key columns' SQL order, nulls last, descending columns reversed. */
    static Comparator<Object[]> keyOrder(TableDef t, IndexDef ix) {
        return (a, b) -> {
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                ColumnDef c = t.columnById(ix.columnIds().get(i));
                int r = Values.compareWithNulls(a[i], b[i], c.type(), false);
                if (r != 0) {
                    return ix.descending().get(i) ? -r : r;
                }
            }
            return 0;
        };
    }

    static Object[] key(TableDef t, IndexDef ix, Object[] row) {
        Object[] k = new Object[ix.columnIds().size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = row[t.columnIndex(ix.columnIds().get(i))];
        }
        return k;
    }

    @Override
    public Object[] get(ExecContext ctx, TableDef table, Object[] pk, RowLock lock) {
        reads.add("get " + table.name());
        locks.add(new LockRequest(table.name(), "get", lock));
        Object[] row = rows(table).get(pk);
        return row == null ? null : row.clone();
    }

    @Override
    public Iterator<Object[]> scan(ExecContext ctx, TableDef table, IndexDef index, KeyBound lower, KeyBound upper,
                                   RowLock lock) {
        reads.add("scan " + index.name() + (lower == null && upper == null ? "" : " bounded"));
        locks.add(new LockRequest(table.name(), "scan", lock));
        Comparator<Object[]> order = keyOrder(table, index);
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : rows(table).values()) {
            Object[] k = key(table, index, row);
            if (within(order, k, lower, true) && within(order, k, upper, false)) {
                out.add(row.clone());
            }
        }
        out.sort((a, b) -> order.compare(key(table, index, a), key(table, index, b)));
        return out.iterator();
    }

    private static boolean within(Comparator<Object[]> order, Object[] key, KeyBound bound, boolean lower) {
        if (bound == null) {
            return true;
        }
        int c = order.compare(key, bound.values());
        if (c == 0) {
            return bound.inclusive();
        }
        return lower ? c > 0 : c < 0;
    }

    @Override
    public void insert(ExecContext ctx, TableDef table, Object[] row) {
        ColumnDef hidden = table.hiddenRowId();
        if (hidden != null && row[table.columns().indexOf(hidden)] == null) {
            row[table.columns().indexOf(hidden)] = nextRowId++;
        }
        check(ctx, table, row, null);
        rows(table).put(key(table, table.primaryIndex(), row), row.clone());
    }

    @Override
    public void update(ExecContext ctx, TableDef table, Object[] oldRow, Object[] newRow) {
        Object[] oldKey = key(table, table.primaryIndex(), oldRow);
        check(ctx, table, newRow, oldKey);
        rows(table).remove(oldKey);
        rows(table).put(key(table, table.primaryIndex(), newRow), newRow.clone());
    }

    @Override
    public void delete(ExecContext ctx, TableDef table, Object[] row) {
        rows(table).remove(key(table, table.primaryIndex(), row));
    }

    /** NOT NULL, then unique keys (nulls never collide), then CHECK, with PostgreSQL's errors. */
    private void check(ExecContext ctx, TableDef t, Object[] row, Object[] replacing) {
        for (int i = 0; i < t.columns().size(); i++) {
            ColumnDef c = t.columns().get(i);
            if (c.notNull() && row[i] == null) {
                throw new SqlException("23502", "null value in column \"" + c.name() + "\" of relation \""
                        + t.name() + "\" violates not-null constraint");
            }
        }
        Comparator<Object[]> pkOrder = keyOrder(t, t.primaryIndex());
        for (IndexDef ix : t.indexes()) {
            if (!ix.unique()) {
                continue;
            }
            Comparator<Object[]> order = keyOrder(t, ix);
            Object[] k = key(t, ix, row);
            for (Object[] other : rows(t).values()) {
                boolean self = replacing != null && pkOrder.compare(key(t, t.primaryIndex(), other), replacing) == 0;
                if (!self && !hasNull(k) && order.compare(k, key(t, ix, other)) == 0) {
                    throw new SqlException("23505", "duplicate key value violates unique constraint \"" + ix.name() + "\"");
                }
            }
        }
        for (CheckDef ch : t.checks()) {
            RowExpr e = checks.compile(t, ch.exprSql(), null);
            if (Boolean.FALSE.equals(e.eval(ctx, row))) {
                throw new SqlException("23514", "new row for relation \"" + t.name()
                        + "\" violates check constraint \"" + ch.name() + "\"");
            }
        }
    }

    private static boolean hasNull(Object[] k) {
        for (Object v : k) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }
}
