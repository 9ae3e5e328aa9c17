package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.SqlErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;

/**
 * Plans INSERT: which columns get which values, their defaults, ON CONFLICT and RETURNING.
 * The values of a VALUES list are typed by their target columns (an untyped '1' going into
 * an integer column is read as an integer), as in PostgreSQL.
 */
final class InsertPlanner {
    private final QueryPlanner planner;
    private final ExprCompiler compiler;
    private final NextValue sequences;

    InsertPlanner(QueryPlanner planner, ExprCompiler compiler, NextValue sequences) {
        this.planner = planner;
        this.compiler = compiler;
        this.sequences = sequences;
    }

    InsertStatement plan(Insert ins) {
        check(ins);
        TableDef t = planner.table(ins.getTable());
        String alias = ins.getTable().getAlias() == null ? t.name() : Names.fold(ins.getTable().getAlias().getName());
        List<ColumnDef> targets = targets(ins, t);
        Insert.OverridingMode overriding = ins.getOverridingMode();
        PlanNode source;
        if (ins.isOnlyDefaultValues()) {
            source = new ValuesNode(List.<Expr[]>of(rowOf(t, List.of(), List.of(), overriding)), "Result");
        } else if (ins.getSelect() instanceof Values v) {
            source = values(v, t, targets, ins.getColumns() != null, overriding);
        } else {
            source = select(ins, t, targets, overriding);
        }
        ConflictClause conflict = ins.getConflictAction() == null ? null
                : Conflicts.plan(ins, t, alias, compiler, sequences);
        Returning returning = Returning.bind(ins.getReturningClause(), Scope.ofTable(t, alias), compiler);
        return new InsertStatement(planner.store(), t, source, conflict, returning, compiler.params().resolved());
    }

    private static void check(Insert ins) {
        if (ins.getWithItemsList() != null && !ins.getWithItemsList().isEmpty()) {
            throw SqlErrors.notSupportedPlural("WITH queries");
        }
        if (ins.getDuplicateUpdateSets() != null || ins.getSetUpdateSets() != null || ins.isModifierIgnore()
                || ins.getOutputClause() != null || ins.isOracleMultiInsert()) {
            throw SqlErrors.notSupported("this INSERT syntax");
        }
    }

    private static List<ColumnDef> targets(Insert ins, TableDef t) {
        if (ins.getColumns() == null || ins.getColumns().isEmpty()) {
            return t.visibleColumns();
        }
        List<ColumnDef> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Column c : ins.getColumns()) {
            ColumnDef def = Targets.column(t, c);
            if (!seen.add(def.name())) {
                throw new SqlException("42701", "column \"" + def.name() + "\" specified more than once");
            }
            out.add(def);
        }
        return out;
    }

    private PlanNode values(Values v, TableDef t, List<ColumnDef> targets, boolean explicitColumns,
                            Insert.OverridingMode overriding) {
        List<Expr[]> rows = new ArrayList<>();
        for (List<Expression> row : ValuesPlanner.rows(v.getExpressions())) {
            if (row.size() > targets.size()) {
                throw new SqlException("42601", "INSERT has more expressions than target columns");
            }
            if (explicitColumns && row.size() < targets.size()) {
                throw new SqlException("42601", "INSERT has more target columns than expressions");
            }
            List<Expr> given = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                Expression e = row.get(i);
                ColumnDef c = targets.get(i);
                if (Targets.isDefault(e)) {
                    given.add(null);
                    continue;
                }
                Bound b = compiler.inClause("VALUES").compile(e, Scope.empty());
                given.add(Targets.assign(b, c, compiler.params()));
            }
            rows.add(rowOf(t, targets.subList(0, row.size()), given, overriding));
        }
        String title = rows.size() == 1 ? "Result" : "Values Scan on \"*VALUES*\"";
        return new ValuesNode(rows, title);
    }

    private PlanNode select(Insert ins, TableDef t, List<ColumnDef> targets, Insert.OverridingMode overriding) {
        QueryPlan q = planner.query(ins.getSelect(), null, compiler);
        if (q.columns().size() > targets.size()) {
            throw new SqlException("42601", "INSERT has more expressions than target columns");
        }
        if (ins.getColumns() != null && q.columns().size() < targets.size()) {
            throw new SqlException("42601", "INSERT has more target columns than expressions");
        }
        List<Expr> given = new ArrayList<>();
        for (int i = 0; i < q.columns().size(); i++) {
            int idx = i;
            Bound b = Bound.of((env, row) -> row[idx], q.columns().get(i).type());
            given.add(Targets.assign(b, targets.get(i), compiler.params()));
        }
        return new ProjectNode(q.root(), rowOf(t, targets.subList(0, q.columns().size()), given, overriding));
    }

    /**
     * The expressions making one complete table row: {@code given.get(i)} for {@code targets.get(i)}
     * (null meaning DEFAULT), defaults for the other columns.
     */
    private Expr[] rowOf(TableDef t, List<ColumnDef> targets, List<Expr> given, Insert.OverridingMode overriding) {
        Expr[] row = new Expr[t.columns().size()];
        for (int i = 0; i < targets.size(); i++) {
            ColumnDef c = targets.get(i);
            Expr e = given.get(i);
            if (c.identity() != ColumnDef.Identity.NONE && overriding == Insert.OverridingMode.USER) {
                e = null;
            }
            if (e != null && c.identity() == ColumnDef.Identity.ALWAYS && overriding != Insert.OverridingMode.SYSTEM) {
                throw Targets.generatedAlways(c, false);
            }
            row[Targets.position(t, c)] = e;
        }
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) {
                row[i] = Defaults.of(t.columns().get(i), sequences);
            }
        }
        return row;
    }
}
