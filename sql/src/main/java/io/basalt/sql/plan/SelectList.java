package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.ScopeColumn;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * A select list (or RETURNING list) with {@code *} and {@code t.*} expanded into column
 * references, each item named as PostgreSQL names output columns.
 */
final class SelectList {
    /** One output column before binding: its expression and its name. */
    record Item(Expression expr, String name) {
    }

    private SelectList() {
    }

    static List<Item> expand(List<SelectItem<?>> items, Scope scope) {
        List<Item> out = new ArrayList<>();
        for (SelectItem<?> si : items) {
            Expression e = si.getExpression();
            if (e instanceof AllTableColumns t) {
                addStar(out, scope, Names.fold(tableName(t.getTable())));
            } else if (e instanceof AllColumns) {
                if (scope.tables().isEmpty() && scope.width() == 0) {
                    throw new SqlException("42601", "SELECT * with no tables specified is not valid");
                }
                addStar(out, scope, null);
            } else if (typedLiteral(si) != null) {
                Expression literal = typedLiteral(si);
                out.add(new Item(literal, OutputNames.of(literal)));
            } else {
                String name = si.getAlias() != null ? Names.fold(si.getAlias().getName()) : OutputNames.of(e);
                out.add(new Item(e, name));
            }
        }
        return out;
    }

    /**
     * {@code text 'x'}: the parser reads a typed literal whose type is no SQL keyword as a
     * column with a quoted alias, which SQL does not allow; it is read back as the cast it is.
     * Null for any other item.
     */
    private static Expression typedLiteral(SelectItem<?> si) {
        if (!(si.getExpression() instanceof net.sf.jsqlparser.schema.Column c) || c.getTable() != null
                && c.getTable().getName() != null || si.getAlias() == null || si.getAlias().isUseAs()) {
            return null;
        }
        String alias = si.getAlias().getName();
        if (alias.length() < 2 || !alias.startsWith("'") || !alias.endsWith("'")) {
            return null;
        }
        net.sf.jsqlparser.expression.CastExpression cast = new net.sf.jsqlparser.expression.CastExpression();
        cast.setLeftExpression(new net.sf.jsqlparser.expression.StringValue(alias.substring(1, alias.length() - 1)));
        cast.setColDataType(new net.sf.jsqlparser.statement.create.table.ColDataType(c.getColumnName()));
        return cast;
    }

    private static String tableName(Table t) {
        return t.getName();
    }

    private static void addStar(List<Item> out, Scope scope, String table) {
        for (int i : scope.star(table)) {
            ScopeColumn c = scope.column(i);
            out.add(new Item(Using.column(c.table(), c.name()), c.name()));
        }
    }

    /** Binds the items; an untyped literal or parameter left in the output becomes text. */
    static List<Bound> bind(List<Item> items, ExprCompiler c, Scope scope) {
        List<Bound> out = new ArrayList<>();
        for (Item it : items) {
            out.add(c.resolveUnknown(c.compile(it.expr(), scope)));
        }
        return out;
    }

    /** RowDescription columns: a plain column reference reports its table and column number. */
    static List<Column> columns(List<Item> items, List<Bound> bound, Scope input) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            SqlType t = bound.get(i).type();
            if (t.kind() == TypeKind.UNKNOWN) {
                t = SqlType.TEXT;
            }
            ScopeColumn src = source(items.get(i).expr(), input);
            out.add(src == null ? Column.computed(items.get(i).name(), t)
                    : new Column(items.get(i).name(), t, src.tableOid(), src.columnNumber()));
        }
        return out;
    }

    private static ScopeColumn source(Expression e, Scope input) {
        if (!(e instanceof net.sf.jsqlparser.schema.Column c)) {
            return null;
        }
        try {
            Scope.Resolved r = input.resolve(Names.qualifier(c), Names.fold(c.getColumnName()));
            return r.depth() == 0 ? r.column() : null;
        } catch (SqlException notAColumnOfTheInput) {
            return null;
        }
    }
}
