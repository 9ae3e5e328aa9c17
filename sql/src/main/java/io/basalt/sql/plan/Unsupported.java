package io.basalt.sql.plan;

import io.basalt.sql.expr.SqlErrors;
import net.sf.jsqlparser.statement.select.PlainSelect;

/** The SELECT features Basalt does not implement, refused with 0A000 naming the construct. */
final class Unsupported {
    private Unsupported() {
    }

    static void check(PlainSelect ps) {
        if (ps.getWindowDefinitions() != null && !ps.getWindowDefinitions().isEmpty()) {
            throw SqlErrors.notSupportedPlural("WINDOW clauses");
        }
        if (ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) {
            throw SqlErrors.notSupported("SELECT INTO");
        }
        if (ps.getGroupBy() != null && ps.getGroupBy().getGroupingSets() != null
                && !ps.getGroupBy().getGroupingSets().isEmpty()) {
            throw SqlErrors.notSupportedPlural("GROUPING SETS");
        }
        if (ps.getTop() != null || ps.getFirst() != null || ps.getSkip() != null || ps.getQualify() != null
                || ps.getOracleHierarchical() != null || ps.getLateralViews() != null && !ps.getLateralViews().isEmpty()
                || ps.getKsqlWindow() != null || ps.getPreferringClause() != null) {
            throw SqlErrors.notSupported("this SELECT syntax");
        }
        if (ps.getLimit() != null && ps.getLimit().getOffset() != null) {
            throw SqlErrors.notSupported("LIMIT offset, count");
        }
    }
}
