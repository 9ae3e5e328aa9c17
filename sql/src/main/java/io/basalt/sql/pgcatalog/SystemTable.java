package io.basalt.sql.pgcatalog;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A read-only relation of {@code pg_catalog} or {@code information_schema} whose rows are
 * computed from a catalog version when a query reads it. Each row has one value per column,
 * of the column's type's Java class.
 */
public record SystemTable(String schema, String name, List<String> columnNames, List<SqlType> columnTypes,
                          Function<Catalog, List<Object[]>> rows) {
    public SystemTable {
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
        if (columnNames.size() != columnTypes.size()) {
            throw new IllegalArgumentException(name + ": one type per column");
        }
    }

    /** The rows of this relation in {@code catalog}, checked against the column list. */
    public List<Object[]> rowsOf(Catalog catalog) {
        List<Object[]> out = rows.apply(catalog);
        for (Object[] row : out) {
            if (row.length != columnNames.size()) {
                throw new IllegalStateException(name + ": a row of " + row.length + " values for "
                    + columnNames.size() + " columns");
            }
        }
        return out;
    }

    /** Collects a relation's columns in order: {@code col("oid", OID)}, then the rows' shape follows. */
    static final class Columns {
        private final List<String> names = new ArrayList<>();
        private final List<SqlType> types = new ArrayList<>();

        Columns col(String name, SqlType type) {
            names.add(name);
            types.add(type);
            return this;
        }

        SystemTable table(String schema, String name, Function<Catalog, List<Object[]>> rows) {
            return new SystemTable(schema, name, names, types, rows);
        }
    }
}
