package io.basalt.sql.plan;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A catalog of hand-built tables for planner tests. */
final class MemoryCatalog implements Catalog {
    private final Map<String, TableDef> tables = new LinkedHashMap<>();
    private long version = 1;

    void add(TableDef t) {
        tables.put(t.name(), t);
        version++;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public TableDef table(String name) {
        return tables.get(name);
    }

    @Override
    public TableDef tableById(int id) {
        return tables.values().stream().filter(t -> t.id() == id).findFirst().orElse(null);
    }

    @Override
    public List<TableDef> tables() {
        return new ArrayList<>(tables.values());
    }
}
