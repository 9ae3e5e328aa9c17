package io.basalt.sql.store;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ForeignKeyDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.RowExpr;
import io.basalt.sql.types.SqlType;
import java.util.List;

/**
 * What deleting or updating a referenced row does to the rows that reference it, per foreign
 * key: NO ACTION and RESTRICT refuse (23503) while a referencing row exists, checked before the
 * referenced row changes; CASCADE deletes or updates the referencing rows, SET NULL and SET
 * DEFAULT update them, after the referenced row changed (so the updated rows' own foreign key
 * checks see it). Constraints are not deferrable, so NO ACTION acts as RESTRICT. Cascades
 * recurse through {@link RowWriter}, so they enforce every constraint of the rows they touch.
 */
final class ReferentialActions {
    /** Referencing rows read at once for one action; a cascade over more reads in rounds. */
    static final int CASCADE_BATCH_ROWS = 1000;

    private final RowWriter w;

    ReferentialActions(RowWriter w) {
        this.w = w;
    }

    void beforeDelete(TableDef parent, Object[] row) {
        for (Catalog.Reference r : w.catalog.referencing(parent.id())) {
            if (restricts(r.fk().onDelete())) {
                refuseIfReferenced(parent, row, r);
            }
        }
    }

    void afterDelete(TableDef parent, Object[] row) {
        for (Catalog.Reference r : w.catalog.referencing(parent.id())) {
            if (!restricts(r.fk().onDelete())) {
                apply(parent, row, null, r, r.fk().onDelete());
            }
        }
    }

    void beforeUpdate(TableDef parent, Object[] oldRow, Object[] newRow) {
        for (Catalog.Reference r : w.catalog.referencing(parent.id())) {
            if (restricts(r.fk().onUpdate()) && keyChanged(parent, r.fk(), oldRow, newRow)) {
                refuseIfReferenced(parent, oldRow, r);
            }
        }
    }

    void afterUpdate(TableDef parent, Object[] oldRow, Object[] newRow) {
        for (Catalog.Reference r : w.catalog.referencing(parent.id())) {
            if (!restricts(r.fk().onUpdate()) && keyChanged(parent, r.fk(), oldRow, newRow)) {
                apply(parent, oldRow, newRow, r, r.fk().onUpdate());
            }
        }
    }

    private static boolean restricts(ForeignKeyDef.Action a) {
        return a == ForeignKeyDef.Action.NO_ACTION || a == ForeignKeyDef.Action.RESTRICT;
    }

    private boolean keyChanged(TableDef parent, ForeignKeyDef fk, Object[] oldRow, Object[] newRow) {
        return RowWriter.changed(w.layouts.of(parent), fk.refColumnIds(), oldRow, newRow);
    }

    private void refuseIfReferenced(TableDef parent, Object[] row, Catalog.Reference r) {
        Object[] key = childKey(parent, row, r);
        if (key == null) {
            return;
        }
        byte[] self = r.table().id() == parent.id() ? w.layouts.of(parent).primary.suffix(row) : null;
        if (!ReferencingRows.find(w, r.table(), r.fk(), key, 1, self).isEmpty()) {
            throw new SqlException(ConstraintChecks.FOREIGN_KEY_VIOLATION, "update or delete on table \""
                + parent.name() + "\" violates foreign key constraint \"" + r.fk().name() + "\" on table \""
                + r.table().name() + "\"", "Key " + RowText.key(parent, r.fk().refColumnIds(), row, w.ctx.zone())
                + " is still referenced from table \"" + r.table().name() + "\".", null, 0, null);
        }
    }

    /** Applies CASCADE, SET NULL or SET DEFAULT to the rows that referenced {@code oldRow}'s key. */
    private void apply(TableDef parent, Object[] oldRow, Object[] newRow, Catalog.Reference r,
                       ForeignKeyDef.Action action) {
        Object[] key = childKey(parent, oldRow, r);
        if (key == null) {
            return;
        }
        TableDef child = r.table();
        TableLayout cl = w.layouts.of(child);
        while (true) {
            List<Object[]> rows = ReferencingRows.find(w, child, r.fk(), key, CASCADE_BATCH_ROWS, null);
            for (Object[] row : rows) {
                w.ctx.checkCancelled();
                if (action == ForeignKeyDef.Action.CASCADE && newRow == null) {
                    w.delete(child, row);
                } else {
                    w.update(child, row, changedChild(parent, newRow, r, cl, row, action));
                }
            }
            if (rows.size() < CASCADE_BATCH_ROWS) {
                break;
            }
        }
        if (action == ForeignKeyDef.Action.SET_DEFAULT) {
            // Rows whose default is the very key that went away were "updated" to the same
            // key, which their own check skips as unchanged; PostgreSQL refuses them here.
            refuseIfReferenced(parent, oldRow, r);
        }
    }

    private Object[] changedChild(TableDef parent, Object[] newParent, Catalog.Reference r, TableLayout cl,
                                  Object[] row, ForeignKeyDef.Action action) {
        Object[] out = row.clone();
        List<Integer> cols = r.fk().columnIds();
        for (int j = 0; j < cols.size(); j++) {
            int p = cl.table.columnIndex(cols.get(j));
            out[p] = switch (action) {
                case CASCADE -> {
                    int pp = parent.columnIndex(r.fk().refColumnIds().get(j));
                    yield ConstraintChecks.convert(newParent[pp], parent.columns().get(pp).type(), cl.types[p]);
                }
                case SET_NULL -> null;
                case SET_DEFAULT -> {
                    RowExpr d = cl.defaultOf(p);
                    yield d == null ? null : d.eval(w.ctx, row);
                }
                default -> throw new IllegalStateException("not an action that changes rows: " + action);
            };
        }
        return out;
    }

    /** The referencing key for {@code row}'s referenced columns, in child types; null when it has a NULL. */
    private Object[] childKey(TableDef parent, Object[] row, Catalog.Reference r) {
        ForeignKeyDef fk = r.fk();
        Object[] key = new Object[fk.columnIds().size()];
        for (int j = 0; j < key.length; j++) {
            int pp = parent.columnIndex(fk.refColumnIds().get(j));
            if (row[pp] == null) {
                return null;
            }
            SqlType to = r.table().columnById(fk.columnIds().get(j)).type();
            key[j] = ConstraintChecks.convert(row[pp], parent.columns().get(pp).type(), to);
        }
        return key;
    }
}
