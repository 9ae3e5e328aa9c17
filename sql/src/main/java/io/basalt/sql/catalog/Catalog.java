package io.basalt.sql.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable view of every table at one catalog version. Names are stored folded as
 * PostgreSQL folds unquoted identifiers (lower case). The default methods answer by walking
 * {@link #tables()}; {@link CatalogSnapshot} precomputes them.
 */
public interface Catalog {
    /**
     * Identifies this catalog's content: every DDL statement draws a new, larger number, even
     * one that is later rolled back, so two catalogs with the same version are the same.
     * A plan bound to one version is valid exactly while the version is unchanged.
     */
    long version();

    /** The table called {@code name}, or null. */
    TableDef table(String name);

    TableDef tableById(int id);

    /** Every table, by id. */
    List<TableDef> tables();

    /** The table owning the index called {@code indexName}, or null. */
    default TableDef tableOfIndex(String indexName) {
        for (TableDef t : tables()) {
            if (t.index(indexName) != null) {
                return t;
            }
        }
        return null;
    }

    /** Foreign keys of any table (this one included) that reference table {@code tableId}. */
    default List<Reference> referencing(int tableId) {
        List<Reference> out = new ArrayList<>();
        for (TableDef t : tables()) {
            for (ForeignKeyDef fk : t.foreignKeys()) {
                if (fk.refTableId() == tableId) {
                    out.add(new Reference(t, fk));
                }
            }
        }
        return out;
    }

    /** The column whose values come from the sequence called {@code sequenceName}, or null. */
    default SequenceOwner sequenceOwner(String sequenceName) {
        for (TableDef t : tables()) {
            for (ColumnDef c : t.columns()) {
                if (sequenceName.equals(c.sequenceName())) {
                    return new SequenceOwner(t, c);
                }
            }
        }
        return null;
    }

    /** A foreign key {@code fk} declared on {@code table}. */
    record Reference(TableDef table, ForeignKeyDef fk) {
    }

    /** The table and column a sequence belongs to (SERIAL, IDENTITY or hidden row id). */
    record SequenceOwner(TableDef table, ColumnDef column) {
    }
}
