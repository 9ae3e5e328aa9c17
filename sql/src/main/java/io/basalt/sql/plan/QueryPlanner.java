package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.expr.Subquery;
import io.basalt.sql.expr.SubqueryPlanner;
import io.basalt.sql.pgcatalog.SystemTable;
import io.basalt.sql.pgcatalog.SystemTables;
import io.basalt.sql.store.TableStore;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Plans query expressions of any shape (a SELECT block, a set operation, VALUES, a
 * parenthesised query) against one catalog version, and plans the subqueries found inside
 * expressions for the expression compiler.
 */
final class QueryPlanner implements SubqueryPlanner {
    private final TableStore store;
    private final Catalog catalog;
    private final CommonTables with = new CommonTables();

    QueryPlanner(TableStore store, Catalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    TableStore store() {
        return store;
    }

    /** The table {@code t} names; 42P01 if there is none. Only the public schema exists. */
    TableDef table(Table t) {
        String name = Names.fold(t.getName());
        String schema = t.getSchemaName() == null ? null : Names.fold(t.getSchemaName());
        TableDef def = schema == null || schema.equals("public") ? catalog.table(name) : null;
        if (def == null) {
            String shown = schema == null ? name : schema + "." + name;
            throw new SqlException("42P01", "relation \"" + shown + "\" does not exist");
        }
        return def;
    }

    /**
     * The system relation {@code t} names ({@code pg_catalog.pg_class}, unqualified
     * {@code pg_class}, {@code information_schema.tables}), or null when it names none.
     */
    SystemTable systemTable(Table t) {
        String schema = t.getSchemaName() == null ? null : Names.fold(t.getSchemaName());
        return SystemTables.find(schema, Names.fold(t.getName()));
    }

    /** Plans a read of the system relation {@code t}. */
    QueryPlan planSystemTable(SystemTable t) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < t.columnNames().size(); i++) {
            columns.add(Column.computed(t.columnNames().get(i), t.columnTypes().get(i)));
        }
        return new QueryPlan(new SystemScanNode(t), columns);
    }

    /** Plans {@code s} at the query level {@code c} binds for, inside {@code outer}. */
    QueryPlan query(Select s, Scope outer, ExprCompiler c) {
        if (s.getWithItemsList() != null && !s.getWithItemsList().isEmpty()) {
            return with.within(s.getWithItemsList(), () -> body(s, outer, c));
        }
        return body(s, outer, c);
    }

    /** The WITH query called {@code t} (unqualified), or null. */
    WithItem<?> commonTable(Table t) {
        return t.getSchemaName() == null ? with.find(Names.fold(t.getName())) : null;
    }

    /** Plans a reference to the WITH query {@code item}, as a subquery in FROM. */
    QueryPlan planCommonTable(WithItem<?> item, Scope outer, ExprCompiler c) {
        return with.planning(item, () -> planDerived(item.getSelect(), outer, c));
    }

    private QueryPlan body(Select s, Scope outer, ExprCompiler c) {
        return switch (s) {
            case PlainSelect ps -> new SelectPlanner(this).plan(ps, outer, c);
            case SetOperationList so -> new SetOpPlanner(this).plan(so, outer, c);
            case Values v -> ValuesPlanner.plan(v, outer, c);
            case ParenthesedSelect p -> SetOpPlanner.orderAndLimit(query(p.getSelect(), outer, c), p, outer, c);
            default -> throw SqlErrors.notSupported("query " + s);
        };
    }

    /** A subquery in FROM: it runs in its enclosing level's environment. */
    QueryPlan planDerived(Select s, Scope outer, ExprCompiler c) {
        return query(s, outer, c.forDerivedTable());
    }

    @Override
    public Subquery plan(Select select, Scope outer, ExprCompiler enclosing) {
        ExprCompiler inner = enclosing.forSubquery();
        QueryPlan qp = query(select, outer, inner);
        inner.outerRefs().propagateTo(enclosing.outerRefs());
        return new PlannedSubquery(qp, inner.outerRefs().atDepth(1), inner.outerRefs().beyond(1));
    }
}
