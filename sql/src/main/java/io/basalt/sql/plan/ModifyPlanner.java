package io.basalt.sql.plan;

import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.store.RowLock;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Plans UPDATE and DELETE of one table: its rows are found as a single-table SELECT with the
 * same WHERE would find them (the same access paths), read FOR UPDATE. UPDATE ... FROM and
 * DELETE ... USING join the target table, first, with the other items as a SELECT would.
 */
final class ModifyPlanner {
    private final QueryPlanner planner;
    private final ExprCompiler compiler;
    private final NextValue sequences;

    ModifyPlanner(QueryPlanner planner, ExprCompiler compiler, NextValue sequences) {
        this.planner = planner;
        this.compiler = compiler;
        this.sequences = sequences;
    }

    ModifyStatement update(Update u) {
        if (u.getStartJoins() != null && !u.getStartJoins().isEmpty()) {
            throw SqlErrors.notSupported("this UPDATE syntax");
        }
        if (u.getWithItemsList() != null && !u.getWithItemsList().isEmpty()) {
            throw SqlErrors.notSupportedPlural("WITH queries");
        }
        if (u.getOrderByElements() != null || u.getLimit() != null || u.getOutputClause() != null) {
            throw SqlErrors.notSupported("this UPDATE syntax");
        }
        List<Join> from = new ArrayList<>();
        if (u.getFromItem() != null) {
            from.add(new Join().withSimple(true).setFromItem(u.getFromItem()));
        }
        if (u.getJoins() != null) {
            from.addAll(u.getJoins());
        }
        FromPlanner.Result rows = rows(u.getTable(), from, u.getWhere());
        TableDef t = planner.table(u.getTable());
        Expr[] sets = SetClause.bind(u.getUpdateSets(), t, rows.scope(), compiler, sequences);
        Returning r = Returning.bind(u.getReturningClause(), rows.scope(), compiler);
        return new ModifyStatement(planner.store(), t, alias(u.getTable(), t), rows.node(), sets, r,
                compiler.params().resolved(), from.isEmpty() ? null : rows.tables().get(0));
    }

    ModifyStatement delete(Delete d) {
        if (d.getTables() != null && !d.getTables().isEmpty() || d.getJoins() != null && !d.getJoins().isEmpty()) {
            throw SqlErrors.notSupported("DELETE of several tables");
        }
        if (d.getWithItemsList() != null && !d.getWithItemsList().isEmpty()) {
            throw SqlErrors.notSupportedPlural("WITH queries");
        }
        if (d.getOrderByElements() != null || d.getLimit() != null || d.getOutputClause() != null) {
            throw SqlErrors.notSupported("this DELETE syntax");
        }
        List<Join> using = new ArrayList<>();
        if (d.getUsingFromItemList() != null) {
            d.getUsingFromItemList().forEach(item -> using.add(new Join().withSimple(true).setFromItem(item)));
        }
        FromPlanner.Result rows = rows(d.getTable(), using, d.getWhere());
        TableDef t = planner.table(d.getTable());
        Returning r = Returning.bind(d.getReturningClause(), rows.scope(), compiler);
        return new ModifyStatement(planner.store(), t, alias(d.getTable(), t), rows.node(), null, r,
                compiler.params().resolved(), using.isEmpty() ? null : rows.tables().get(0));
    }

    /** The rows to change: of the target table alone, or joined with UPDATE's FROM or DELETE's USING items. */
    private FromPlanner.Result rows(Table table, List<Join> others, net.sf.jsqlparser.expression.Expression where) {
        return new FromPlanner(planner, compiler, null, RowLock.UPDATE).plan(table, others, where);
    }

    private static String alias(Table t, TableDef def) {
        return t.getAlias() == null ? def.name() : Names.fold(t.getAlias().getName());
    }
}
