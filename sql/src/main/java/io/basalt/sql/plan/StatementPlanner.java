package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Sequences;
import io.basalt.sql.exec.PlanContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.ParamTypes;
import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.store.TableStore;
import java.util.Locale;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

/**
 * The planner of queries and DML the session calls: binds a parsed SELECT (VALUES, set
 * operations), INSERT, UPDATE, DELETE or EXPLAIN of one of them against the catalog version in
 * the {@link PlanContext}, infers parameter types, and returns a reusable plan. Anything else
 * is 0A000.
 */
public final class StatementPlanner {
    private final TableStore store;
    private final NextValue sequences;

    public StatementPlanner(TableStore store, NextValue sequences) {
        this.store = store;
        this.sequences = sequences;
    }

    /** The planner drawing SERIAL and IDENTITY values from the catalog's sequences. */
    public StatementPlanner(TableStore store, Sequences sequences) {
        this(store, sequences::next);
    }

    public PlannedStatement plan(PlanContext ctx, Statement stmt) {
        if (stmt instanceof ExplainStatement e) {
            return explain(ctx, e);
        }
        ParamTypes params = new ParamTypes(ctx.givenParamTypes());
        QueryPlanner planner = new QueryPlanner(store, ctx.catalog());
        ExprCompiler compiler = new ExprCompiler(params, planner);
        return switch (stmt) {
            case Select s -> {
                QueryPlan q = planner.query(s, null, compiler);
                yield new QueryStatement(q, params.resolved(), Locks.of(s).locks());
            }
            case Insert i -> new InsertPlanner(planner, compiler, sequences).plan(i);
            case Update u -> new ModifyPlanner(planner, compiler, sequences).update(u);
            case Delete d -> new ModifyPlanner(planner, compiler, sequences).delete(d);
            default -> throw SqlErrors.notSupportedPlural(statementName(stmt));
        };
    }

    private PlannedStatement explain(PlanContext ctx, ExplainStatement e) {
        if (e.getOptionList() != null) {
            for (ExplainStatement.Option o : e.getOptionList()) {
                String type = o.getType().name();
                boolean off = o.getValue() != null && o.getValue().equalsIgnoreCase("off");
                if (!off && (type.equals("ANALYZE") || type.equals("FORMAT"))) {
                    throw SqlErrors.notSupported("EXPLAIN " + type);
                }
            }
        }
        if (e.getStatement() == null) {
            throw SqlErrors.notSupported("EXPLAIN of a table");
        }
        PlannedStatement inner = plan(ctx, e.getStatement());
        if (!(inner instanceof Explainable)) {
            throw new SqlException("0A000", "EXPLAIN of this statement is not supported");
        }
        return new ExplainPlanned(inner);
    }

    /** "CREATE VIEW statements", "MERGE statements": what 0A000 names for a statement kind. */
    private static String statementName(Statement s) {
        String n = s.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
        return n.replace(" STATEMENT", "") + " statements";
    }
}
