package io.basalt.sql.plan;

import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.store.RowLock;
import io.basalt.sql.store.TableStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads one table through an {@link AccessPath} and keeps the rows its filter accepts. The
 * filter re-checks every pushed-down condition, the ones the access path implements too, so a
 * path only has to return a superset of the matching rows.
 */
final class ScanNode implements PlanNode {
    private final TableStore store;
    private final TableDef table;
    private final String alias;
    private final AccessPath path;
    private final Expr filter;
    private final List<String> filterTexts;
    private final RowLock lock;

    ScanNode(TableStore store, TableDef table, String alias, AccessPath path, Expr filter, List<String> filterTexts,
             RowLock lock) {
        this.store = store;
        this.table = table;
        this.alias = alias;
        this.path = path;
        this.filter = filter;
        this.filterTexts = filterTexts;
        this.lock = lock;
    }

    AccessPath path() {
        return path;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        return Rows.filter(env, path.open(env, store, table, lock), filter);
    }

    /** A full or range scan returns rows in its index's order; a list of lookups in no particular one. */
    @Override
    public RowOrder order() {
        if (path.kind() == AccessPath.Kind.LOOKUP) {
            return RowOrder.NONE;
        }
        List<Integer> cols = path.index().columnIds().stream().map(table::columnIndex).toList();
        return new RowOrder(cols, path.index().descending(), path.prefix().length);
    }

    /** The same scan reading the whole of {@code index}, for its order. */
    ScanNode readingInOrderOf(io.basalt.sql.catalog.IndexDef index) {
        AccessPath full = new AccessPath(AccessPath.Kind.RANGE, index, List.of(), new io.basalt.sql.expr.Expr[0], null,
                null, path.keyTypes(), List.of());
        return new ScanNode(store, table, alias, full, filter, filterTexts, lock);
    }

    TableDef table() {
        return table;
    }

    @Override
    public ExplainNode explain() {
        String on = table.name() + (alias.equals(table.name()) ? "" : " " + alias);
        List<String> details = new ArrayList<>();
        String title;
        if (path.kind() == AccessPath.Kind.SEQ) {
            title = "Seq Scan on " + on;
        } else {
            title = "Index Scan using " + path.index().name() + " on " + on;
            if (!path.conditions().isEmpty()) {
                details.add("Index Cond: " + Rows.conditionText(path.conditions()));
            }
        }
        List<String> rest = new ArrayList<>(filterTexts);
        rest.removeAll(path.conditions());
        if (!rest.isEmpty()) {
            details.add("Filter: " + Rows.conditionText(rest));
        }
        return ExplainNode.of(title, details);
    }
}
