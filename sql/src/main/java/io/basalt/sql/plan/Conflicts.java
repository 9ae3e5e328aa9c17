package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.SqlErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.insert.InsertConflictTarget;

/**
 * Plans ON CONFLICT: the arbiter index is the unique index whose columns are exactly the
 * target's (in any order) or the one named by ON CONSTRAINT; DO NOTHING without a target
 * arbitrates on every unique index. EXCLUDED names the proposed row.
 */
final class Conflicts {
    private Conflicts() {
    }

    static ConflictClause plan(Insert ins, TableDef t, String alias, ExprCompiler c, NextValue sequences) {
        InsertConflictAction action = ins.getConflictAction();
        boolean doUpdate = action.getConflictActionType() == ConflictActionType.DO_UPDATE;
        List<IndexDef> arbiters = arbiters(ins.getConflictTarget(), t, doUpdate);
        if (!doUpdate) {
            return new ConflictClause(arbiters, false, null, null);
        }
        Scope scope = Scope.ofTable(t, alias).concat(Scope.ofTable(t, "excluded"));
        Expr[] sets = SetClause.bind(action.getUpdateSets(), t, scope, c, sequences);
        Expr where = action.getWhereExpression() == null ? null
                : c.inClause("WHERE").compileCondition(action.getWhereExpression(), scope, "WHERE").expr();
        return new ConflictClause(arbiters, true, sets, where);
    }

    private static List<IndexDef> arbiters(InsertConflictTarget target, TableDef t, boolean doUpdate) {
        if (target == null) {
            if (doUpdate) {
                throw new SqlException("42601",
                        "ON CONFLICT DO UPDATE requires inference specification or constraint name", null,
                        "For example, ON CONFLICT (column_name).", 0, null);
            }
            return t.indexes().stream().filter(IndexDef::unique).toList();
        }
        if (target.getWhereExpression() != null || target.getIndexExpression() != null) {
            throw SqlErrors.notSupported("ON CONFLICT with an index expression or WHERE");
        }
        if (target.getConstraintName() != null) {
            String name = Names.fold(target.getConstraintName());
            return t.indexes().stream().filter(ix -> ix.unique() && ix.name().equals(name)).findFirst().map(List::of)
                    .orElseThrow(() -> new SqlException("42704",
                            "constraint \"" + name + "\" for table \"" + t.name() + "\" does not exist"));
        }
        Set<Integer> wanted = new HashSet<>();
        for (String col : target.getIndexColumnNames()) {
            String name = Names.fold(col);
            var def = t.column(name);
            if (def == null) {
                throw new SqlException("42703", "column \"" + name + "\" does not exist");
            }
            wanted.add(def.id());
        }
        for (IndexDef ix : t.indexes()) {
            if (ix.unique() && new HashSet<>(ix.columnIds()).equals(wanted)) {
                return List.of(ix);
            }
        }
        throw new SqlException("42P10",
                "there is no unique or exclusion constraint matching the ON CONFLICT specification");
    }
}
