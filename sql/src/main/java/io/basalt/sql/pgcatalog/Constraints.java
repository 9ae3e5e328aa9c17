package io.basalt.sql.pgcatalog;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.CheckDef;
import io.basalt.sql.catalog.ForeignKeyDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/**
 * The constraints pg_constraint lists: a table's PRIMARY KEY and UNIQUE constraints (each
 * with the index that implements it), its foreign keys and its CHECK constraints. NOT NULL is
 * a column property, as in PostgreSQL 15.
 */
public final class Constraints {
    /** One constraint; exactly one of {@code index}, {@code foreignKey}, {@code check} is set. */
    public record Constraint(long oid, String name, String contype, TableDef table, IndexDef index,
                             ForeignKeyDef foreignKey, CheckDef check) {
    }

    private Constraints() {
    }

    /** The constraints of {@code t}: key constraints in index order, then foreign keys, then checks. */
    public static List<Constraint> of(TableDef t) {
        List<Constraint> out = new ArrayList<>();
        for (IndexDef i : Relations.visibleIndexes(t)) {
            if (i.constraint()) {
                out.add(new Constraint(Oids.indexConstraint(t.id(), i.id()), i.name(), i.primary() ? "p" : "u", t, i,
                    null, null));
            }
        }
        for (int n = 0; n < t.foreignKeys().size(); n++) {
            ForeignKeyDef fk = t.foreignKeys().get(n);
            out.add(new Constraint(Oids.foreignKey(t.id(), n), fk.name(), "f", t, null, fk, null));
        }
        for (int n = 0; n < t.checks().size(); n++) {
            CheckDef c = t.checks().get(n);
            out.add(new Constraint(Oids.check(t.id(), n), c.name(), "c", t, null, null, c));
        }
        return out;
    }

    /** Every constraint of {@code catalog}. */
    public static List<Constraint> all(Catalog catalog) {
        List<Constraint> out = new ArrayList<>();
        for (TableDef t : catalog.tables()) {
            out.addAll(of(t));
        }
        return out;
    }

    /** The constraint with OID {@code oid}, or null. */
    public static Constraint byOid(Catalog catalog, long oid) {
        int tableId = Oids.tableIdOf(oid);
        TableDef t = tableId < 0 ? null : catalog.tableById(tableId);
        if (t == null) {
            return null;
        }
        for (Constraint c : of(t)) {
            if (c.oid() == oid) {
                return c;
            }
        }
        return null;
    }

    /** The unique index of {@code refTable} a foreign key to {@code refColumnIds} uses (pg_constraint.conindid). */
    public static IndexDef referencedIndex(TableDef refTable, List<Integer> refColumnIds) {
        for (IndexDef i : refTable.indexes()) {
            if (i.unique() && i.columnIds().size() == refColumnIds.size()
                && i.columnIds().containsAll(refColumnIds)) {
                return i;
            }
        }
        return null;
    }
}
