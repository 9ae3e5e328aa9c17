package io.basalt.sql.plan;

import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.expr.Bound;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Leaves out a sort the rows do not need: a scan already returns them in its index's order,
 * and a join keeps its left side's order. With a LIMIT, a full scan may read a secondary index
 * instead when that index has the wanted order, so the limit stops the scan after a few rows.
 */
final class SortElision {
    private SortElision() {
    }

    /**
     * {@code input}, or a scan replacing it, when its rows already come in the order of
     * {@code keys} (indexes into {@code outputs}); null when a sort is needed.
     */
    static PlanNode inOrder(PlanNode input, List<SortNode.Key> keys, List<Bound> outputs, boolean limited) {
        if (keys.isEmpty()) {
            return null;
        }
        IntUnaryOperator columnOf = i -> outputs.get(i).kind() == Bound.Kind.COLUMN ? outputs.get(i).column() : -1;
        if (input.order().satisfies(keys, columnOf)) {
            return input;
        }
        if (!limited || !(input instanceof ScanNode scan) || scan.path().kind() != AccessPath.Kind.SEQ) {
            return null;
        }
        for (IndexDef ix : scan.table().indexes()) {
            if (ix.primary()) {
                continue;
            }
            ScanNode byIndex = scan.readingInOrderOf(ix);
            if (byIndex.order().satisfies(keys, columnOf)) {
                return byIndex;
            }
        }
        return null;
    }
}
