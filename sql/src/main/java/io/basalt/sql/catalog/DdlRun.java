package io.basalt.sql.catalog;

import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.Notice;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.TableExprCompiler;
import io.basalt.sql.expr.Names;
import io.basalt.sql.store.KvTableStore;
import io.basalt.sql.store.TableMaintenance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.schema.Table;

/**
 * One DDL statement at work: the catalog it started from (read after taking the version lock),
 * the tables it changed or dropped so far, and the services it uses. {@link #catalog()} is the
 * catalog with the changes made so far, so each step of a multi-step statement (ALTER TABLE
 * with several actions, DROP of several tables) sees the steps before it, and table-wide work
 * (index builds, validation) runs against it.
 */
final class DdlRun {
    /** Table ids below this are kept for system tables; user tables start here. */
    static final int FIRST_USER_TABLE_ID = 100;

    final ExecContext ctx;
    final KvTxn txn;
    final Sequences sequences;
    final TableExprCompiler compiler;
    private final KvTableStore store;
    private final CatalogSnapshot base;
    private final Map<Integer, TableDef> changed = new LinkedHashMap<>();
    private final Set<Integer> dropped = new HashSet<>();
    private CatalogSnapshot current;

    DdlRun(ExecContext ctx, KvTxn txn, CatalogSnapshot base, Sequences sequences, TableExprCompiler compiler,
           KvTableStore store) {
        this.ctx = ctx;
        this.txn = txn;
        this.base = base;
        this.current = base;
        this.sequences = sequences;
        this.compiler = compiler;
        this.store = store;
    }

    /** The catalog with this statement's changes so far. */
    CatalogSnapshot catalog() {
        return current;
    }

    /** Records a new or changed table definition. */
    void put(TableDef t) {
        changed.put(t.id(), t);
        dropped.remove(t.id());
        refresh();
    }

    void drop(int tableId) {
        changed.remove(tableId);
        dropped.add(tableId);
        refresh();
    }

    boolean changedAnything() {
        return !changed.isEmpty() || !dropped.isEmpty();
    }

    List<TableDef> changedTables() {
        return new ArrayList<>(changed.values());
    }

    List<Integer> droppedTables() {
        return new ArrayList<>(dropped);
    }

    /** Table-wide work against the catalog as it is now. */
    TableMaintenance maintenance() {
        return store.maintenance(ctx, txn, current);
    }

    int newTableId() {
        return FIRST_USER_TABLE_ID - 1 + Math.toIntExact(sequences.nextCounter(Sequences.COUNTER_TABLE_IDS));
    }

    void notice(String sqlState, String message) {
        ctx.notice(new Notice("NOTICE", sqlState, message));
    }

    /** True when a table, index or sequence is called {@code name}: they share PostgreSQL's relation namespace. */
    boolean relationTaken(String name) {
        return current.relationExists(name) || current.sequenceOwner(name) != null;
    }

    /** True when any table has a constraint called {@code name}: auto-chosen names avoid them all, as PostgreSQL's do. */
    boolean constraintTaken(String name) {
        for (TableDef t : current.tables()) {
            if (constraintOf(t, name)) {
                return true;
            }
        }
        return false;
    }

    static boolean constraintOf(TableDef t, String name) {
        return t.indexes().stream().anyMatch(i -> i.constraint() && i.name().equals(name))
            || t.foreignKeys().stream().anyMatch(f -> f.name().equals(name))
            || t.checks().stream().anyMatch(c -> c.name().equals(name));
    }

    /** The folded table name of {@code table}; 3F000 for a schema other than public. */
    static String tableName(Table table) {
        String schema = table.getSchemaName();
        if (schema != null && !Names.fold(schema).equals("public")) {
            throw new SqlException("3F000", "schema \"" + Names.fold(schema) + "\" does not exist");
        }
        return Names.fold(table.getName());
    }

    /** The table called {@code name}; 42P01 when there is none. */
    TableDef requireTable(String name) {
        TableDef t = current.table(name);
        if (t == null) {
            throw new SqlException("42P01", "relation \"" + name + "\" does not exist");
        }
        return t;
    }

    private void refresh() {
        Map<Integer, TableDef> tables = new LinkedHashMap<>();
        for (TableDef t : base.tables()) {
            tables.put(t.id(), t);
        }
        tables.putAll(changed);
        dropped.forEach(tables::remove);
        current = new CatalogSnapshot(base.version(), new ArrayList<>(tables.values()));
    }
}
