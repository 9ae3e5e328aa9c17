package io.basalt.sql.plan;

import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.HashKey;
import io.basalt.sql.store.KeyBound;
import io.basalt.sql.store.RowLock;
import io.basalt.sql.store.TableStore;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * How a scan reaches a table's rows: all of them through the primary index, the rows of a
 * list of exact keys, or a range of an index (an equality prefix of its columns, then
 * optionally bounds on the next column). Key values are expressions that do not read the row,
 * evaluated when the scan opens; a null key value matches nothing, as {@code = NULL} does.
 *
 * @param kind        which of the three
 * @param index       the index used
 * @param keys        LOOKUP: the key tuples (every column of the index)
 * @param prefix      RANGE: values of the first index columns
 * @param lower       RANGE: bound on the next column, or null
 * @param upper       RANGE: bound on the next column, or null
 * @param keyTypes    types of the index columns, to drop duplicate lookup keys
 * @param conditions  the conjuncts the path implements, as EXPLAIN prints them
 */
record AccessPath(Kind kind, IndexDef index, List<Expr[]> keys, Expr[] prefix, Bound lower, Bound upper,
                  SqlType[] keyTypes, List<String> conditions) {

    enum Kind { SEQ, LOOKUP, RANGE }

    /** One end of a range: the value and whether it is included. */
    record Bound(Expr value, boolean inclusive) {
    }

    static AccessPath seq(TableDef table) {
        return new AccessPath(Kind.SEQ, table.primaryIndex(), List.of(), new Expr[0], null, null, new SqlType[0],
                List.of());
    }

    Iterator<Object[]> open(Env env, TableStore store, TableDef table, RowLock lock) {
        return switch (kind) {
            case SEQ -> store.scan(env.ctx(), table, index, null, null, lock);
            case LOOKUP -> lookup(env, store, table, lock);
            case RANGE -> range(env, store, table, lock);
        };
    }

    private Iterator<Object[]> lookup(Env env, TableStore store, TableDef table, RowLock lock) {
        List<Object[]> out = new ArrayList<>();
        Set<HashKey> seen = new HashSet<>();
        for (Expr[] key : keys) {
            Object[] values = evaluate(env, key);
            if (values == null || !seen.add(new HashKey(values, keyTypes))) {
                continue;
            }
            if (index.primary()) {
                Object[] row = store.get(env.ctx(), table, values, lock);
                if (row != null) {
                    out.add(row);
                }
            } else {
                KeyBound exact = new KeyBound(values, true);
                store.scan(env.ctx(), table, index, exact, exact, lock).forEachRemaining(out::add);
            }
        }
        return out.iterator();
    }

    private Iterator<Object[]> range(Env env, TableStore store, TableDef table, RowLock lock) {
        Object[] head = evaluate(env, prefix);
        if (head == null) {
            return Collections.emptyIterator();
        }
        KeyBound lo = head.length == 0 ? null : new KeyBound(head, true);
        KeyBound hi = lo;
        if (lower != null) {
            Object v = lower.value.eval(env, null);
            if (v == null) {
                return Collections.emptyIterator();
            }
            lo = new KeyBound(append(head, v), lower.inclusive);
        }
        if (upper != null) {
            Object v = upper.value.eval(env, null);
            if (v == null) {
                return Collections.emptyIterator();
            }
            hi = new KeyBound(append(head, v), upper.inclusive);
        }
        return store.scan(env.ctx(), table, index, lo, hi, lock);
    }

    /** The values of {@code exprs}, or null if one is null (the key can match no row). */
    private static Object[] evaluate(Env env, Expr[] exprs) {
        Object[] values = new Object[exprs.length];
        for (int i = 0; i < exprs.length; i++) {
            values[i] = exprs[i].eval(env, null);
            if (values[i] == null) {
                return null;
            }
        }
        return values;
    }

    private static Object[] append(Object[] head, Object v) {
        Object[] out = java.util.Arrays.copyOf(head, head.length + 1);
        out[head.length] = v;
        return out;
    }
}
