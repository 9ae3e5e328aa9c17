package io.basalt.sql.session;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Result;
import io.basalt.sql.catalog.DdlExecutor;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.types.SqlType;
import java.util.List;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;

/**
 * A DDL statement as a {@link PlannedStatement}: nothing to plan ahead, it runs against the
 * catalog inside its transaction when executed, so it is transactional like any write.
 */
record DdlStatement(DdlExecutor ddl, Statement statement) implements PlannedStatement {
    static boolean handles(Statement s) {
        return s instanceof CreateTable || s instanceof Drop || s instanceof CreateIndex || s instanceof Alter;
    }

    @Override
    public List<SqlType> paramTypes() {
        return List.of();
    }

    @Override
    public List<Column> columns() {
        return null;
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public Result execute(ExecContext ctx) {
        return switch (statement) {
            case CreateTable c -> ddl.createTable(ctx, ctx.txn(), c);
            case Drop d -> ddl.drop(ctx, ctx.txn(), d);
            case CreateIndex i -> ddl.createIndex(ctx, ctx.txn(), i);
            case Alter a -> ddl.alter(ctx, ctx.txn(), a);
            default -> throw new IllegalStateException("not DDL: " + statement.getClass().getSimpleName());
        };
    }
}
