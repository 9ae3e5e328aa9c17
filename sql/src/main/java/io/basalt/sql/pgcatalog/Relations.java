package io.basalt.sql.pgcatalog;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/**
 * The relations pg_class lists, found in a catalog version: tables, the indexes a user can
 * name (not the primary index behind a hidden row id), and the sequences of serial and
 * identity columns (not the one behind a hidden row id).
 */
public final class Relations {
    /** What kind of relation an OID names. */
    public enum Kind { TABLE, INDEX, SEQUENCE }

    /** One relation: its table, and the index or the column whose sequence it is. */
    public record Relation(Kind kind, long oid, String name, TableDef table, IndexDef index, ColumnDef column) {
        /** pg_class.relkind. */
        public String relkind() {
            return switch (kind) {
                case TABLE -> "r";
                case INDEX -> "i";
                case SEQUENCE -> "S";
            };
        }
    }

    private Relations() {
    }

    /** Every relation of {@code catalog}, each table followed by its indexes and sequences. */
    public static List<Relation> all(Catalog catalog) {
        List<Relation> out = new ArrayList<>();
        for (TableDef t : catalog.tables()) {
            out.add(new Relation(Kind.TABLE, Oids.table(t.id()), t.name(), t, null, null));
            for (IndexDef i : visibleIndexes(t)) {
                out.add(new Relation(Kind.INDEX, Oids.index(t.id(), i.id()), i.name(), t, i, null));
            }
            for (ColumnDef c : t.columns()) {
                if (c.sequenceName() != null && !c.hidden()) {
                    out.add(new Relation(Kind.SEQUENCE, Oids.sequence(t.id(), c.id()), c.sequenceName(), t, null, c));
                }
            }
        }
        return out;
    }

    /** The indexes of {@code t} that are relations a user can name. */
    public static List<IndexDef> visibleIndexes(TableDef t) {
        return t.indexes().stream().filter(i -> !(i.primary() && t.hiddenRowId() != null)).toList();
    }

    /** The relation with OID {@code oid}, or null. */
    public static Relation byOid(Catalog catalog, long oid) {
        int tableId = Oids.tableIdOf(oid);
        TableDef t = tableId < 0 ? null : catalog.tableById(tableId);
        if (t == null || Oids.table(t.id()) > oid) {
            return null;
        }
        int offset = Oids.offsetOf(oid);
        if (offset == 0) {
            return new Relation(Kind.TABLE, oid, t.name(), t, null, null);
        }
        if (offset < Oids.SEQUENCE_BASE) {
            IndexDef i = t.indexById(offset);
            return i == null || !visibleIndexes(t).contains(i) ? null
                : new Relation(Kind.INDEX, oid, i.name(), t, i, null);
        }
        if (offset < Oids.INDEX_CONSTRAINT_BASE) {
            ColumnDef c = t.columnById(offset - Oids.SEQUENCE_BASE);
            return c == null || c.sequenceName() == null || c.hidden() ? null
                : new Relation(Kind.SEQUENCE, oid, c.sequenceName(), t, null, c);
        }
        return null;
    }

    /** The relation called {@code name}, or null. */
    public static Relation byName(Catalog catalog, String name) {
        for (Relation r : all(catalog)) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
