package io.basalt.sql.catalog;

import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.TableExprCompiler;
import io.basalt.sql.store.KvTableStore;
import java.util.function.Consumer;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * Runs DDL statements in the caller's key-value transaction, so DDL commits and rolls back with
 * it. Each statement first takes the catalog version key's exclusive lock (it waits for every
 * transaction that read the catalog; see {@link CatalogStore}), reads the catalog, makes its
 * changes (moving data as needed), then writes the changed table records and a new version.
 * Returns PostgreSQL's command tags. One instance serves every session of a node.
 */
public final class DdlExecutor {
    private final CatalogStore catalogs;
    private final Sequences sequences;
    private final KvTableStore store;
    private final TableExprCompiler compiler;

    /** {@code compiler} compiles CHECK and DEFAULT expressions to validate them and evaluate ADD COLUMN defaults. */
    public DdlExecutor(CatalogStore catalogs, Sequences sequences, KvTableStore store, TableExprCompiler compiler) {
        this.catalogs = catalogs;
        this.sequences = sequences;
        this.store = store;
        this.compiler = compiler;
    }

    /** CREATE TABLE [IF NOT EXISTS]. */
    public Result createTable(ExecContext ctx, KvTxn txn, CreateTable stmt) {
        return run(ctx, txn, "CREATE TABLE", r -> CreateTableDdl.run(r, stmt));
    }

    /** DROP TABLE or DROP INDEX [IF EXISTS] name, ... [CASCADE | RESTRICT]; 0A000 for other objects. */
    public Result drop(ExecContext ctx, KvTxn txn, Drop stmt) {
        String type = stmt.getType() == null ? "" : stmt.getType().toUpperCase(java.util.Locale.ROOT);
        return switch (type) {
            case "TABLE" -> run(ctx, txn, "DROP TABLE", r -> DropDdl.dropTables(r, stmt));
            case "INDEX" -> run(ctx, txn, "DROP INDEX", r -> DropDdl.dropIndexes(r, stmt));
            default -> throw new SqlException("0A000", "DROP " + type + " is not supported");
        };
    }

    /** CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table (columns). */
    public Result createIndex(ExecContext ctx, KvTxn txn, CreateIndex stmt) {
        return run(ctx, txn, "CREATE INDEX", r -> IndexDdl.create(r, stmt));
    }

    /** ALTER TABLE [IF EXISTS] table action, ... */
    public Result alter(ExecContext ctx, KvTxn txn, Alter stmt) {
        return run(ctx, txn, "ALTER TABLE", r -> AlterTableDdl.run(r, stmt));
    }

    /**
     * TRUNCATE [TABLE] name, ... [CASCADE], with RESTART IDENTITY when {@code restartIdentity}
     * (CONTINUE IDENTITY, the default, otherwise).
     */
    public Result truncate(ExecContext ctx, KvTxn txn, Truncate stmt, boolean restartIdentity) {
        return run(ctx, txn, "TRUNCATE TABLE", r -> TruncateDdl.run(r, stmt, restartIdentity));
    }

    private Result run(ExecContext ctx, KvTxn txn, String tag, Consumer<DdlRun> statement) {
        catalogs.lockForDdl(txn);
        DdlRun r = new DdlRun(ctx, txn, catalogs.snapshot(txn), sequences, compiler, store);
        statement.accept(r);
        if (r.changedAnything()) {
            long version = sequences.nextCounter(Sequences.COUNTER_CATALOG_VERSIONS);
            catalogs.write(txn, r.changedTables(), r.droppedTables(), version);
        }
        return Result.command(tag);
    }
}
