package io.basalt.sql.plan;

import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * One item of a FROM list while its joins are planned: a table or a subquery, its columns, its
 * place in the joined row, and the conditions placed on it.
 */
final class FromEntry {
    final String alias;
    final TableDef table;
    final QueryPlan subquery;
    /**
     * For {@code LATERAL (SELECT exprs)} without FROM: the expressions, bound over the rows
     * joined before it, whose values it appends to each of them. Null for other entries.
     */
    List<Expr> lateral;
    /** For a set-returning function after other FROM items: the function, appended to each joined row. */
    FromFunction function;
    /** Its own columns (all nameable), for conditions checked while it is scanned. */
    final Scope own;
    /** Its columns as the joined row shows them (JOIN ... USING copies nameable only qualified). */
    Scope joined;
    /** Position of its first column in the joined row. */
    final int offset;
    /** Whether it is the right side of a LEFT or FULL JOIN (its columns may be null-extended). */
    final boolean leftJoined;
    /**
     * Whether it is the right side of a RIGHT or FULL JOIN: its unmatched rows are kept, so
     * the rows joined before it may be null-extended.
     */
    boolean rightJoined;

    /** Conditions checked while it is scanned. */
    final List<Conjunct> pushed = new ArrayList<>();
    /** Conditions of the join that adds it. */
    final List<Conjunct> joinConds = new ArrayList<>();
    /** Conditions checked on the joined rows after the join that adds it. */
    final List<Conjunct> after = new ArrayList<>();

    FromEntry(String alias, TableDef table, QueryPlan subquery, Scope own, int offset, boolean leftJoined) {
        this.alias = alias;
        this.table = table;
        this.subquery = subquery;
        this.own = own;
        this.joined = own;
        this.offset = offset;
        this.leftJoined = leftJoined;
    }

    int width() {
        return own.width();
    }
}
