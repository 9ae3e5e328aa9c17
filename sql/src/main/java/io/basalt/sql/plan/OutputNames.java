package io.basalt.sql.plan;

import io.basalt.sql.expr.Functions;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.TypeNames;
import java.util.Locale;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The name PostgreSQL gives an unaliased output column (FigureColname): a column's name, a
 * function's name, the type of a cast of something nameless, "case", "exists", a scalar
 * subquery's own column name, else {@code ?column?}.
 */
final class OutputNames {
    static final String UNNAMED = "?column?";

    private OutputNames() {
    }

    static String of(Expression e) {
        String n = figure(e);
        return n == null ? UNNAMED : n;
    }

    private static String figure(Expression e) {
        return switch (e) {
            case Column c -> Names.fold(c.getColumnName());
            case Function f -> Functions.name(f);
            case TrimFunction t -> "btrim";
            case AnalyticExpression a -> Names.fold(a.getName());
            case CastExpression c -> {
                String inner = figure(c.getLeftExpression());
                yield inner != null ? inner : castName(c);
            }
            case net.sf.jsqlparser.expression.IntervalExpression i -> "interval";
            case CaseExpression c -> "case";
            case ExistsExpression x -> "exists";
            case BooleanValue b -> "bool";
            case net.sf.jsqlparser.expression.DateTimeLiteralExpression d -> switch (d.getType()) {
                case DATE -> "date";
                case TIMESTAMP -> "timestamp";
                case TIMESTAMPTZ -> "timestamptz";
                default -> null;
            };
            case TimeKeyExpression t -> t.getStringValue().toLowerCase(Locale.ROOT).replaceAll("\\(\\s*\\)$", "");
            case ParenthesedSelect s -> subqueryName(s);
            case ExpressionList<?> l when l.size() == 1 -> figure(l.get(0));
            default -> null;
        };
    }

    private static String castName(CastExpression c) {
        try {
            return TypeNames.internalName(TypeNames.of(c.getColDataType()).kind());
        } catch (RuntimeException unknownType) {
            return null;
        }
    }

    private static String subqueryName(ParenthesedSelect s) {
        if (s.getSelect() instanceof PlainSelect p && p.getSelectItems() != null && !p.getSelectItems().isEmpty()) {
            SelectItem<?> first = p.getSelectItems().get(0);
            if (first.getAlias() != null) {
                return Names.fold(first.getAlias().getName());
            }
            return figure(first.getExpression());
        }
        return null;
    }
}
