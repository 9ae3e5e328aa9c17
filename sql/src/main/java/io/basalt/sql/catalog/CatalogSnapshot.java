package io.basalt.sql.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog at one version, with its lookups computed once: shared by every session of a
 * node. The primary index behind a hidden row id is not a relation users can name, so it is
 * left out of the index names.
 */
public final class CatalogSnapshot implements Catalog {
    /** The catalog before any DDL ran. */
    public static final CatalogSnapshot EMPTY = new CatalogSnapshot(0, List.of());

    private final long version;
    private final List<TableDef> tables;
    private final Map<String, TableDef> byName = new HashMap<>();
    private final Map<Integer, TableDef> byId = new HashMap<>();
    private final Map<String, TableDef> byIndexName = new HashMap<>();
    private final Map<Integer, List<Reference>> referencing = new HashMap<>();
    private final Map<String, SequenceOwner> sequences = new HashMap<>();

    public CatalogSnapshot(long version, List<TableDef> tables) {
        this.version = version;
        List<TableDef> sorted = new ArrayList<>(tables);
        sorted.sort(Comparator.comparingInt(TableDef::id));
        this.tables = List.copyOf(sorted);
        for (TableDef t : this.tables) {
            byName.put(t.name(), t);
            byId.put(t.id(), t);
            for (IndexDef i : t.indexes()) {
                if (!(i.primary() && t.hiddenRowId() != null)) {
                    byIndexName.put(i.name(), t);
                }
            }
            for (ForeignKeyDef fk : t.foreignKeys()) {
                referencing.computeIfAbsent(fk.refTableId(), k -> new ArrayList<>()).add(new Reference(t, fk));
            }
            for (ColumnDef c : t.columns()) {
                if (c.sequenceName() != null) {
                    sequences.put(c.sequenceName(), new SequenceOwner(t, c));
                }
            }
        }
        referencing.replaceAll((k, v) -> List.copyOf(v));
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public TableDef table(String name) {
        return byName.get(name);
    }

    @Override
    public TableDef tableById(int id) {
        return byId.get(id);
    }

    @Override
    public List<TableDef> tables() {
        return tables;
    }

    @Override
    public TableDef tableOfIndex(String indexName) {
        return byIndexName.get(indexName);
    }

    @Override
    public List<Reference> referencing(int tableId) {
        return referencing.getOrDefault(tableId, List.of());
    }

    @Override
    public SequenceOwner sequenceOwner(String sequenceName) {
        return sequences.get(sequenceName);
    }

    /** True when a table or an index is called {@code name} (they share PostgreSQL's relation namespace). */
    public boolean relationExists(String name) {
        return byName.containsKey(name) || byIndexName.containsKey(name);
    }

    @Override
    public String toString() {
        return "catalog v" + version + " " + tables.stream().map(TableDef::name).toList();
    }
}
