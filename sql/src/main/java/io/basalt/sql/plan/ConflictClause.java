package io.basalt.sql.plan;

import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.store.KeyBound;
import io.basalt.sql.store.RowLock;
import io.basalt.sql.store.TableStore;
import java.util.Iterator;
import java.util.List;

/**
 * ON CONFLICT: the arbiter indexes whose keys a proposed row may collide on, and for DO UPDATE
 * the new values (over the existing row followed by the proposed one, which EXCLUDED names)
 * and the optional WHERE. The existing row is read with a FOR UPDATE lock, so nobody changes
 * it between the check and the update.
 *
 * @param setExprs per table column the new value, null where SET does not assign it
 */
record ConflictClause(List<IndexDef> arbiters, boolean doUpdate, Expr[] setExprs, Expr where) {

    /** The existing row the proposed {@code row} collides with on an arbiter, or null. */
    Object[] find(Env env, TableStore store, TableDef table, Object[] row) {
        for (IndexDef ix : arbiters) {
            Object[] key = new Object[ix.columnIds().size()];
            boolean hasNull = false;
            for (int i = 0; i < key.length; i++) {
                key[i] = row[table.columnIndex(ix.columnIds().get(i))];
                hasNull |= key[i] == null;
            }
            if (hasNull) {
                continue;
            }
            if (ix.primary()) {
                Object[] existing = store.get(env.ctx(), table, key, RowLock.UPDATE);
                if (existing != null) {
                    return existing;
                }
                continue;
            }
            KeyBound exact = new KeyBound(key, true);
            Iterator<Object[]> it = store.scan(env.ctx(), table, ix, exact, exact, RowLock.UPDATE);
            if (it.hasNext()) {
                return it.next();
            }
        }
        return null;
    }

    /** The row DO UPDATE makes of {@code existing}, or null when its WHERE rejects it. */
    Object[] update(Env env, Object[] existing, Object[] proposed) {
        Object[] joined = Rows.concat(existing, proposed);
        if (where != null && !Boolean.TRUE.equals(where.eval(env, joined))) {
            return null;
        }
        Object[] updated = existing.clone();
        for (int i = 0; i < setExprs.length; i++) {
            if (setExprs[i] != null) {
                updated[i] = setExprs[i].eval(env, joined);
            }
        }
        return updated;
    }

    List<String> explainLines() {
        List<String> names = arbiters.stream().map(IndexDef::name).toList();
        return List.of("Conflict Resolution: " + (doUpdate ? "UPDATE" : "NOTHING"),
                "Conflict Arbiter Indexes: " + String.join(", ", names));
    }
}
