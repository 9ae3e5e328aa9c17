package io.basalt.sql.store;

import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.TableExprCompiler;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layout of each table's current version, shared by every session of a node. A table
 * version is recognised by its definition (same instance, or an equal one loaded again), so a
 * DDL statement, which changes the definition, gets a fresh layout and fresh compiled CHECKs.
 */
final class Layouts {
    private final TableExprCompiler compiler;
    private final ConcurrentHashMap<Integer, TableLayout> byTable = new ConcurrentHashMap<>();

    Layouts(TableExprCompiler compiler) {
        this.compiler = compiler;
    }

    TableLayout of(TableDef table) {
        TableLayout l = byTable.get(table.id());
        if (l != null && (l.table == table || l.table.equals(table))) {
            return l;
        }
        l = new TableLayout(table, compiler);
        byTable.put(table.id(), l);
        return l;
    }
}
