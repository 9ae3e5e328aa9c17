package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import io.basalt.sql.store.TableMaintenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.drop.Drop;

/**
 * DROP TABLE and DROP INDEX. Dropping deletes the object's keys in the statement's transaction
 * (see {@link TableMaintenance} for the cost) and its sequences' keys. A foreign key of another
 * table that depends on what is dropped makes the statement fail with 2BP01, or with CASCADE
 * is dropped too, as in PostgreSQL.
 */
final class DropDdl {
    private DropDdl() {
    }

    static void dropTables(DdlRun run, Drop drop) {
        boolean cascade = cascade(drop);
        Map<Integer, TableDef> targets = new LinkedHashMap<>();
        for (Table t : drop.getNames()) {
            String name = DdlRun.tableName(t);
            TableDef def = run.catalog().table(name);
            if (def == null) {
                if (!drop.isIfExists()) {
                    throw new SqlException("42P01", "table \"" + name + "\" does not exist");
                }
                run.notice("00000", "table \"" + name + "\" does not exist, skipping");
                continue;
            }
            targets.put(def.id(), def);
        }
        for (TableDef t : targets.values()) {
            List<Catalog.Reference> outside = run.catalog().referencing(t.id()).stream()
                .filter(r -> !targets.containsKey(r.table().id())).toList();
            dropDependentForeignKeys(run, outside, "table " + t.name(), "table " + t.name(), cascade);
        }
        TableMaintenance m = run.maintenance();
        for (TableDef t : targets.values()) {
            m.deleteTable(t.id());
            deleteSequences(m, t, t.columns());
            run.drop(t.id());
        }
    }

    static void dropIndexes(DdlRun run, Drop drop) {
        boolean cascade = cascade(drop);
        for (Table t : drop.getNames()) {
            String name = DdlRun.tableName(t);
            TableDef table = run.catalog().tableOfIndex(name);
            if (table == null) {
                if (run.catalog().table(name) != null) {
                    throw new SqlException("42809", "\"" + name + "\" is not an index");
                }
                if (!drop.isIfExists()) {
                    throw new SqlException("42704", "index \"" + name + "\" does not exist");
                }
                run.notice("00000", "index \"" + name + "\" does not exist, skipping");
                continue;
            }
            IndexDef ix = table.index(name);
            if (ix.constraint()) {
                throw new SqlException("2BP01", "cannot drop index " + name + " because constraint " + name
                    + " on table " + table.name() + " requires it", null, "You can drop constraint " + name
                    + " on table " + table.name() + " instead.", 0, null);
            }
            dropDependentForeignKeys(run, referencesThrough(run.catalog(), table, ix), "index " + name, "index " + name,
                cascade);
            table = run.catalog().tableById(table.id());
            TableBuilder b = TableBuilder.of(table);
            b.removeIndex(ix.id());
            run.maintenance().deleteIndex(table.id(), ix.id());
            run.put(b.build());
        }
    }

    /**
     * The foreign keys that rely on {@code ix} of {@code table} being unique: those whose
     * referenced index it is, and which no other unique index of the table could serve.
     */
    static List<Catalog.Reference> referencesThrough(Catalog catalog, TableDef table, IndexDef ix) {
        List<Catalog.Reference> out = new ArrayList<>();
        for (Catalog.Reference r : catalog.referencing(table.id())) {
            if (ForeignKeys.referencedIndex(table, r.fk().refColumnIds()).id() == ix.id()) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * 2BP01 ("cannot drop {@code what}") naming the foreign keys that depend on
     * {@code dependsOn}, or with CASCADE drops them (a NOTICE per key).
     */
    static void dropDependentForeignKeys(DdlRun run, List<Catalog.Reference> refs, String what, String dependsOn,
                                         boolean cascade) {
        if (refs.isEmpty()) {
            return;
        }
        if (!cascade) {
            List<String> lines = refs.stream().map(r -> "constraint " + r.fk().name() + " on table " + r.table().name()
                + " depends on " + dependsOn).toList();
            throw new SqlException("2BP01", "cannot drop " + what + " because other objects depend on it",
                String.join("\n", lines), "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
        }
        for (Catalog.Reference r : refs) {
            run.notice("00000", "drop cascades to constraint " + r.fk().name() + " on table " + r.table().name());
            TableBuilder b = TableBuilder.of(run.catalog().tableById(r.table().id()));
            b.foreignKeys().removeIf(f -> f.name().equals(r.fk().name()));
            run.put(b.build());
        }
    }

    /** Deletes the sequence keys behind {@code columns} of {@code table}. */
    static void deleteSequences(TableMaintenance m, TableDef table, List<ColumnDef> columns) {
        for (ColumnDef c : columns) {
            if (c.sequenceName() != null) {
                m.deleteKey(Sequences.key(table, c));
            }
        }
    }

    static boolean cascade(Drop drop) {
        return cascade(drop.getParameters());
    }

    /** Whether trailing words {@code params} say CASCADE (RESTRICT, the default, says not). */
    static boolean cascade(List<String> words) {
        List<String> params = words == null ? List.of() : words;
        boolean cascade = false;
        for (String p : params) {
            switch (p.toUpperCase(Locale.ROOT)) {
                case "CASCADE" -> cascade = true;
                case "RESTRICT" -> cascade = false;
                default -> throw new SqlException("42601", "syntax error at or near \"" + Names.fold(p) + "\"");
            }
        }
        return cascade;
    }
}
