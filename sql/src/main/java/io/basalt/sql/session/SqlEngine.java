package io.basalt.sql.session;

import io.basalt.kv.client.KvTxn;
import io.basalt.kv.client.KvTxns;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlService;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.CatalogStore;
import io.basalt.sql.catalog.DdlExecutor;
import io.basalt.sql.catalog.Sequences;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.plan.StatementPlanner;
import io.basalt.sql.store.KvTableStore;
import io.basalt.sql.exec.PlanContext;
import io.basalt.sql.exec.PlannedStatement;
import java.time.Clock;
import java.util.Map;
import net.sf.jsqlparser.statement.Statement;

/**
 * The SQL engine of a node: opens sessions and holds what they share (the key-value port,
 * the catalog cache, the planners).
 */
public final class SqlEngine implements SqlService, Backend {
    /** The one database every Basalt cluster has. */
    public static final String DATABASE = "postgres";

    private final KvTxns kv;
    private final Clock clock;
    private final CatalogStore catalogs;
    private final DdlExecutor ddl;
    private final StatementPlanner planner;

    public SqlEngine(KvTxns kv, Clock clock) {
        this.kv = kv;
        this.clock = clock;
        this.catalogs = new CatalogStore(kv);
        Sequences sequences = new Sequences(kv);
        ExprCompiler compiler = new ExprCompiler();
        KvTableStore store = new KvTableStore(compiler, sequences);
        this.ddl = new DdlExecutor(catalogs, sequences, store, compiler);
        this.planner = new StatementPlanner(store, sequences);
    }

    @Override
    public SqlSession open(String user, String database, Map<String, String> startupParameters) {
        if (!DATABASE.equals(database)) {
            throw new SqlException("3D000", "database \"" + database + "\" does not exist");
        }
        Session s = new Session(this, user);
        for (Map.Entry<String, String> e : startupParameters.entrySet()) {
            if (Settings.canonical(e.getKey()) != null) {
                s.simpleQuery("SET " + e.getKey() + " TO '" + e.getValue().replace("'", "''") + "'", r -> { });
            }
        }
        return s;
    }

    @Override
    public Map<String, String> initialParameters() {
        return Settings.reportedDefaults();
    }

    @Override
    public KvTxns kv() {
        return kv;
    }

    @Override
    public Catalog catalog(KvTxn txn) {
        return catalogs.load(txn);
    }

    @Override
    public Catalog latestCatalog() {
        return catalogs.latest();
    }

    @Override
    public PlannedStatement plan(PlanContext ctx, Statement statement) {
        if (DdlStatement.handles(statement)) {
            return new DdlStatement(ddl, statement);
        }
        return planner.plan(ctx, statement);
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
