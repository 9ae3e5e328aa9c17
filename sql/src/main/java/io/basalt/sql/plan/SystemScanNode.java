package io.basalt.sql.plan;

import io.basalt.sql.catalog.CatalogStore;
import io.basalt.sql.expr.Env;
import io.basalt.sql.pgcatalog.SystemTable;
import io.basalt.sql.store.KvErrors;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a system relation: its rows are computed from the catalog version the statement runs
 * on when the scan starts. Conditions on it are checked by a filter above, as for a subquery.
 * The scan reads the catalog's version key through the statement's transaction first: a
 * statement is planned on the node's newest catalog and confirms that its transaction sees
 * that version with its first read, so a query of system relations alone must read too, or it
 * could show a catalog its transaction does not see.
 */
final class SystemScanNode implements PlanNode {
    private final SystemTable table;

    SystemScanNode(SystemTable table) {
        this.table = table;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        KvErrors.sql(() -> env.ctx().txn().get(CatalogStore.versionKey()));
        return table.rowsOf(env.ctx().catalog()).iterator();
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("System Scan on " + table.schema() + "." + table.name(), List.of());
    }
}
