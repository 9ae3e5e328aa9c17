package io.basalt.sql.pgcatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every system relation, by schema and name. An unqualified name finds a {@code pg_catalog}
 * relation before a user table, because PostgreSQL searches {@code pg_catalog} first when the
 * search path does not name it.
 */
public final class SystemTables {
    private static final Map<String, SystemTable> BY_NAME = new HashMap<>();

    static {
        List<SystemTable> all = new ArrayList<>(List.of(RelationTables.namespace(), RelationTables.pgClass(),
            RelationTables.index(), RelationTables.am(), RelationTables.inherits(), RelationTables.partitionedTable(),
            RelationTables.tablespace(), ColumnTables.attribute(), ColumnTables.attrdef(), ColumnTables.type(),
            ColumnTables.collation(), ConstraintTables.constraint(), SequenceTables.sequence(), SequenceTables.depend(), ServerTables.database(), ServerTables.roles(),
            ServerTables.user(), InformationSchema.tables(), InformationSchema.columns()));
        all.addAll(ServerTables.empty());
        for (SystemTable t : all) {
            BY_NAME.put(t.schema() + "." + t.name(), t);
        }
    }

    private SystemTables() {
    }

    /**
     * The system relation {@code schema.name} (both folded), or for an unqualified name
     * ({@code schema} null) the {@code pg_catalog} relation of that name; null if none.
     */
    public static SystemTable find(String schema, String name) {
        return BY_NAME.get((schema == null ? "pg_catalog" : schema) + "." + name);
    }

    /** Whether {@code schema} is one whose relations are all system relations. */
    public static boolean isSystemSchema(String schema) {
        return "pg_catalog".equals(schema) || "information_schema".equals(schema);
    }
}
