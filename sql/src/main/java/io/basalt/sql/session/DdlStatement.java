package io.basalt.sql.session;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Result;
import io.basalt.sql.catalog.DdlExecutor;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.types.SqlType;
import java.util.List;
import io.basalt.sql.api.SqlException;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * A DDL statement as a {@link PlannedStatement}: nothing to plan ahead, it runs against the
 * catalog inside its transaction when executed, so it is transactional like any write.
 * A TRUNCATE restarts identity when CommandParser read RESTART IDENTITY ({@link TruncateStatement}).
 */
record DdlStatement(DdlExecutor ddl, Statement statement) implements PlannedStatement {
    /**
     * CREATE/ALTER/DROP TABLE with no table name: JSqlParser gives up on these into an
     * UnsupportedStatement, but they are plain syntax errors (42601), not unsupported syntax.
     */
    private static final Pattern NAMELESS_TABLE_DDL =
        Pattern.compile("(?is)\\s*(CREATE|ALTER|DROP)\\s+TABLE\\s*(\\(.*)?");

    static boolean handles(Statement s) {
        return s instanceof CreateTable || s instanceof Drop || s instanceof CreateIndex || s instanceof Alter
            || s instanceof Truncate || (s instanceof UnsupportedStatement u && namelessTableDdl(u));
    }

    private static boolean namelessTableDdl(UnsupportedStatement u) {
        return NAMELESS_TABLE_DDL.matcher(u.toString()).matches();
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
            case Truncate t -> ddl.truncate(ctx, ctx.txn(), t, t instanceof TruncateStatement r && r.restartIdentity());
            case UnsupportedStatement u -> throw new SqlException("42601", u.toString().contains("(")
                ? "syntax error at or near \"(\"" : "syntax error at end of input");
            default -> throw new IllegalStateException("not DDL: " + statement.getClass().getSimpleName());
        };
    }
}
