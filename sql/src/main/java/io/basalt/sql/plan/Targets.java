package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Coercion;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.ParamTypes;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;

/** Column targets of INSERT and UPDATE: lookup by name, the DEFAULT keyword, assignment casts. */
final class Targets {
    private Targets() {
    }

    /** The column {@code name} of {@code table}; 42703 naming the relation, as PostgreSQL does. */
    static ColumnDef column(TableDef table, Column ref) {
        String name = Names.fold(ref.getColumnName());
        ColumnDef c = table.column(name);
        if (c == null) {
            throw new SqlException("42703",
                    "column \"" + name + "\" of relation \"" + table.name() + "\" does not exist");
        }
        return c;
    }

    static int position(TableDef table, ColumnDef c) {
        return table.columns().indexOf(c);
    }

    /** Whether {@code e} is the DEFAULT keyword (JSqlParser reads it as a column named DEFAULT). */
    static boolean isDefault(Expression e) {
        return e instanceof Column c && c.getTable() == null && "default".equalsIgnoreCase(c.getColumnName())
                && !c.getColumnName().startsWith("\"");
    }

    /** {@code b} cast for storing into {@code c} (22001, 22003, 42804 as PostgreSQL raises them). */
    static Expr assign(Bound b, ColumnDef c, ParamTypes params) {
        return Coercion.assignment(b, c.type(), params, c.name()).expr();
    }

    /** 428C9 for an explicit value in a GENERATED ALWAYS column. */
    static SqlException generatedAlways(ColumnDef c, boolean update) {
        String msg = update ? "column \"" + c.name() + "\" can only be updated to DEFAULT"
                : "cannot insert a non-DEFAULT value into column \"" + c.name() + "\"";
        String detail = "Column \"" + c.name() + "\" is an identity column defined as GENERATED ALWAYS.";
        String hint = update ? null : "Use OVERRIDING SYSTEM VALUE to override.";
        return new SqlException("428C9", msg, detail, hint, 0, null);
    }
}
