package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import java.util.List;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;

/**
 * ALTER TABLE ... ALTER COLUMN c SET DEFAULT expr, DROP DEFAULT, SET NOT NULL (checked
 * against the rows, 23502) and DROP NOT NULL (42P16 on a primary key or identity column), as
 * PostgreSQL does them. Changing a column's type is not supported (0A000).
 *
 * <p>A SERIAL column's sequence is its default: SET or DROP DEFAULT replaces it, and the
 * sequence stays owned by the column (nextval still works), as in PostgreSQL. An identity
 * column has no default to change (42601, PostgreSQL's answer).
 */
final class AlterColumnDdl {
    private AlterColumnDdl() {
    }

    /** True for the ALTER COLUMN forms this class runs. */
    static boolean handles(AlterExpression e) {
        return e.getOperation() == AlterOperation.ALTER && (e.getColDataTypeList() == null || e.getColDataTypeList().isEmpty())
            && (nonEmpty(e.getColumnSetDefaultList()) || nonEmpty(e.getColumnDropDefaultList())
                || nonEmpty(e.getColumnSetNotNullList()) || nonEmpty(e.getColumnDropNotNullList()));
    }

    static void run(DdlRun run, int tableId, AlterExpression e) {
        if (e.getColumnSetDefaultList() != null) {
            for (AlterExpression.ColumnSetDefault d : e.getColumnSetDefaultList()) {
                String sql = d.getDefaultExpression() != null ? d.getDefaultExpression().toString() : d.getDefaultValue();
                setDefault(run, run.catalog().tableById(tableId), Names.fold(d.getColumnName()), sql);
            }
        }
        if (e.getColumnDropDefaultList() != null) {
            for (AlterExpression.ColumnDropDefault d : e.getColumnDropDefaultList()) {
                setDefault(run, run.catalog().tableById(tableId), Names.fold(d.getColumnName()), null);
            }
        }
        if (e.getColumnSetNotNullList() != null) {
            for (AlterExpression.ColumnSetNotNull n : e.getColumnSetNotNullList()) {
                setNotNull(run, run.catalog().tableById(tableId), Names.fold(n.getColumnName()));
            }
        }
        if (e.getColumnDropNotNullList() != null) {
            for (AlterExpression.ColumnDropNotNull n : e.getColumnDropNotNullList()) {
                if (!n.isWithNot()) {
                    throw new SqlException("42601", "syntax error at or near \"NULL\"");
                }
                dropNotNull(run, run.catalog().tableById(tableId), Names.fold(n.getColumnName()));
            }
        }
    }

    /** SET DEFAULT {@code sql}, or DROP DEFAULT when {@code sql} is null. */
    private static void setDefault(DdlRun run, TableDef t, String name, String sql) {
        ColumnDef c = require(t, name);
        if (c.identity() == ColumnDef.Identity.ALWAYS || c.identity() == ColumnDef.Identity.BY_DEFAULT) {
            throw new SqlException("42601", "column \"" + name + "\" of relation \"" + t.name()
                + "\" is an identity column", null, sql == null
                    ? "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead." : null, 0, null);
        }
        if (sql != null) {
            // Compiled once here so a bad default fails the ALTER rather than the next INSERT.
            run.compiler.compile(t, sql, c.type());
        }
        TableBuilder b = TableBuilder.of(t);
        b.replaceColumn(c.withDefault(sql, ColumnDef.Identity.NONE));
        run.put(b.build());
    }

    private static void setNotNull(DdlRun run, TableDef t, String name) {
        ColumnDef c = require(t, name);
        if (c.notNull()) {
            return;
        }
        TableBuilder b = TableBuilder.of(t);
        ColumnDef after = c.withNotNull(true);
        b.replaceColumn(after);
        TableDef changed = b.build();
        run.put(changed);
        run.maintenance().validateNotNull(changed, List.of(after));
    }

    private static void dropNotNull(DdlRun run, TableDef t, String name) {
        ColumnDef c = require(t, name);
        if (t.primaryIndex().primary() && t.primaryIndex().covers(c.id())) {
            throw new SqlException("42P16", "column \"" + name + "\" is in a primary key");
        }
        if (c.identity() == ColumnDef.Identity.ALWAYS || c.identity() == ColumnDef.Identity.BY_DEFAULT) {
            throw new SqlException("42P16", "column \"" + name + "\" of relation \"" + t.name()
                + "\" is an identity column");
        }
        if (!c.notNull()) {
            return;
        }
        TableBuilder b = TableBuilder.of(t);
        b.replaceColumn(c.withNotNull(false));
        run.put(b.build());
    }

    private static ColumnDef require(TableDef t, String name) {
        ColumnDef c = t.column(name);
        if (c == null) {
            throw new SqlException("42703", "column \"" + name + "\" of relation \"" + t.name() + "\" does not exist");
        }
        return c;
    }

    private static boolean nonEmpty(List<?> l) {
        return l != null && !l.isEmpty();
    }
}
