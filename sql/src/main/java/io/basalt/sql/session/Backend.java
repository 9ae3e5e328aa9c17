package io.basalt.sql.session;

import io.basalt.kv.client.KvTxn;
import io.basalt.kv.client.KvTxns;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.exec.PlanContext;
import io.basalt.sql.exec.PlannedStatement;
import java.time.Clock;
import net.sf.jsqlparser.statement.Statement;

/**
 * What a session needs from the rest of the engine, shared by every session of a node: the
 * key-value store, the catalog, and the planners for DDL and for queries and DML.
 */
public interface Backend {
    KvTxns kv();

    /** The catalog as {@code txn} sees it (reading the catalog version inside the transaction). */
    Catalog catalog(KvTxn txn);

    /** The newest catalog this node knows, for planning outside a transaction (prepared statements). */
    Catalog latestCatalog();

    /** Plans DDL and queries/DML alike; 0A000 for statements Basalt does not support. */
    PlannedStatement plan(PlanContext ctx, Statement statement);

    /** The clock for now(); the system clock in a node, fixed in tests. */
    Clock clock();
}
